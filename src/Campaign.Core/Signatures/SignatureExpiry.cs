using Dapper;
using Hangfire;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// The daily job that erases signatures left unconfirmed after their confirmation link expired. Safe to
/// run twice: an expired signature is no longer pending. Each batch commits on its own, so a run stopped
/// half-way has kept what it did and the next run does the rest.
/// </summary>
public sealed class SignatureExpiry(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>A day of grace past the link's lifetime, so a supporter mid-click is never erased.</summary>
    public static readonly TimeSpan ErasedAfter = SupporterTokens.ConfirmationLifetime + TimeSpan.FromDays(1);

    private const int BatchSize = 1_000;

    private const string Expired = """
        select id from signatures where status = 'pending' and created_at < @cutoff
        order by created_at limit @limit for update skip locked
        """;

    [AutomaticRetry(Attempts = 3)]
    public async Task<int> EraseExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = (now - ErasedAfter).UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = 0;
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var ids = (await connection.QueryAsync<long>(Expired, new { cutoff, limit = BatchSize }, transaction)).ToArray();
            if (ids.Length == 0) return total;
            total += (await SupporterErasure.EraseInAsync(connection, transaction, ids, ErasureReason.Expiry, now)).Ended;
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
