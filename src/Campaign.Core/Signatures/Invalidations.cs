using Campaign.Core.Outbox;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// Takes back a fake surge: the pending and confirmed signatures an admin chose by domain, network or time
/// become <see cref="Status"/>, so they never count again, and their unsent mail — a pending signer's
/// confirmation, a confirmed one's letters — is cancelled with the reason. The count comes first; the work
/// runs in the background in batches (a Hangfire job), each its own transaction, and can be followed.
/// </summary>
public sealed partial class Invalidations(NpgsqlDataSource dataSource, TimeProvider time, ILogger<Invalidations> logger)
{
    /// <summary>The status of an invalidated signature in <c>signatures.status</c>.</summary>
    public const string Status = "invalidated";

    private const int BatchSize = 1000;

    // Only what still counts or may yet count: a withdrawn, expired or undeliverable signature has nothing to take back.
    private const string Chosen = """
        s.campaign = @Campaign and s.status in ('pending', 'confirmed')
        and (@DomainKey::text is null or s.domain_key = @DomainKey)
        and (@NetworkKey::text is null or s.network_key = @NetworkKey)
        and (@From::timestamptz is null or s.created_at >= @From)
        and s.created_at <= @To
        """;

    private const string InvalidateBatch = """
        with chosen as (
            select s.id from signatures s join invalidations i on i.id = @Id
            where s.campaign = i.campaign and s.status in ('pending', 'confirmed')
              and (i.domain_key is null or s.domain_key = i.domain_key)
              and (i.network_key is null or s.network_key = i.network_key)
              and (i.from_at is null or s.created_at >= i.from_at)
              and s.created_at <= i.to_at
            order by s.id
            limit @Batch
            for update of s
        )
        update signatures s set status = 'invalidated', invalidated_at = @Now, invalidation = @Id
        from chosen where s.id = chosen.id
        returning s.id
        """;

    /// <summary>How many signatures an invalidation with this filter would take back now.</summary>
    public async Task<int> CountAsync(string campaign, InvalidationFilter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"select count(*)::int from signatures s where {Chosen}", Parameters(campaign, filter, time.GetUtcNow()), cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Records an invalidation (with the count it starts from) for <see cref="RunAsync"/>. Without an end, the
    /// window ends now: signatures made after the admin asked are not theirs to take back unseen.
    /// </summary>
    public async Task<InvalidationProgress> RequestAsync(string campaign, InvalidationFilter filter, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = Parameters(campaign, filter, now);
        return await connection.QuerySingleAsync<InvalidationProgress>(new CommandDefinition($"""
            insert into invalidations (campaign, domain_key, network_key, from_at, to_at, requested_at, matched)
            select @Campaign, @DomainKey, @NetworkKey, @From, @To, @Now, count(*)::int from signatures s where {Chosen}
            returning {ProgressColumns}
            """, parameters, cancellationToken: cancellationToken));
    }

    public async Task<InvalidationProgress?> FindAsync(string campaign, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<InvalidationProgress>(new CommandDefinition(
            $"select {ProgressColumns} from invalidations where id = @id and campaign = @campaign", new { id, campaign }, cancellationToken: cancellationToken));
    }

    /// <summary>The background job: batch after batch until nothing chosen is left. Safe to run again after a crash.</summary>
    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(long id, CancellationToken cancellationToken)
    {
        var reason = $"invalidated by an admin (invalidation {id})";
        while (true)
        {
            var now = time.GetUtcNow().UtcDateTime;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var ids = (await connection.QueryAsync<long>(InvalidateBatch, new { Id = id, Batch = BatchSize, Now = now }, transaction)).ToArray();
            await OutboxWriter.CancelForSignaturesAsync(connection, transaction, ids, reason);
            await connection.ExecuteAsync(ids.Length == 0
                ? "update invalidations set status = 'done', finished_at = @now where id = @id"
                : "update invalidations set status = 'running', invalidated = invalidated + @count where id = @id",
                new { id, now, count = ids.Length }, transaction);
            await transaction.CommitAsync(cancellationToken);
            if (ids.Length == 0) break;
        }
        LogDone(id);
    }

    private const string ProgressColumns = "id, campaign, status, matched, invalidated, requested_at as RequestedAt, finished_at as FinishedAt";

    private static object Parameters(string campaign, InvalidationFilter filter, DateTimeOffset now) => new
    {
        Campaign = campaign,
        filter.DomainKey,
        filter.NetworkKey,
        From = filter.From?.UtcDateTime,
        To = (filter.To ?? now).UtcDateTime,
        Now = now.UtcDateTime,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Invalidation {Id} is done")]
    private partial void LogDone(long id);
}
