using Dapper;
using Npgsql;

namespace Campaign.Core.Updates;

/// <summary>A supporter's choice to get a campaign's updates, taken back in one click from any update.</summary>
public sealed class UpdateSubscriptions(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// No more updates for this signature, including those already queued; the signature itself stands.
    /// The same answer for a signature that never asked, or is gone: nothing about it is revealed.
    /// </summary>
    public async Task StopAsync(long signatureId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            update signatures set updates = false where id = @signatureId and updates;
            update messages set status = 'cancelled', last_error = 'not sent: the supporter stopped updates', lease_until = null
            where signature_id = @signatureId and kind = 'update' and status in ('queued', 'deferred')
            """, new { signatureId }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }
}
