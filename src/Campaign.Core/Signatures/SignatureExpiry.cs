using Campaign.Core.Outbox;
using Dapper;
using Hangfire;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// The daily job that erases signatures left unconfirmed after their confirmation link expired. Safe to
/// run twice: an expired signature is no longer pending.
/// </summary>
public sealed class SignatureExpiry(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>A day of grace past the link's lifetime, so a supporter mid-click is never erased.</summary>
    public static readonly TimeSpan ErasedAfter = SupporterTokens.ConfirmationLifetime + TimeSpan.FromDays(1);

    private const string Expire = """
        update signatures
        set status = 'expired', name = null, email = null, email_key = 'expired:' || id,
            postcode = null, comment = null, letter_body = null, share = false
        where status = 'pending' and created_at < @cutoff
        returning id
        """;

    [AutomaticRetry(Attempts = 3)]
    public async Task<int> EraseExpiredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = (await connection.QueryAsync<long>(Expire, new { cutoff = (time.GetUtcNow() - ErasedAfter).UtcDateTime }, transaction)).ToArray();
        await OutboxWriter.CancelForSignaturesAsync(connection, transaction, ids, "the signature expired unconfirmed");
        await transaction.CommitAsync(cancellationToken);
        return ids.Length;
    }
}
