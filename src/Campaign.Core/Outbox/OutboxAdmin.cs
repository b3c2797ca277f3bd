using Campaign.Core.Reports;
using Campaign.Core.Privacy;
using Dapper;
using Npgsql;

namespace Campaign.Core.Outbox;

/// <summary>What admins see of the outbox and may do to it.</summary>
public sealed class OutboxAdmin(NpgsqlDataSource dataSource, SupporterVault vault, TimeProvider time)
{
    /// <param name="To">For a supporter's own mail, their address opened from their signature; null once erased.</param>
    public sealed record MessageView(
        long Id, string MessageId, string Campaign, string Kind, string? To, string? Target, string Status,
        int Attempts, string? LastError, DateTime? NextAttemptAt, DateTime? SentAt);

    public enum RetryOutcome { Queued, NotFound, NotRetryable }

    public async Task<Dictionary<string, Dictionary<string, long>>> CountsByCampaignAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await KeptCounts.ByStatusAsync(connection, KeptCounts.Messages);
    }

    /// <summary>
    /// Which messages to list: each filter narrows when set; <see cref="Before"/> and <see cref="After"/> are
    /// exclusive id bounds, the cursor of a page.
    /// </summary>
    public sealed record MessageQuery(string? Status, string? Campaign, string? Kind, string? Target, long? Before, long? After, int Limit)
    {
        /// <summary>Oldest first when reading forward from <see cref="After"/> alone (following new mail); newest first otherwise.</summary>
        public bool OldestFirst => After is not null && Before is null;
    }

    /// <summary>
    /// One page of messages. Each bound and the order walk the primary key, so a page deep in a large outbox
    /// costs what the first one does.
    /// </summary>
    public async Task<IReadOnlyList<MessageView>> ListAsync(MessageQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MessageRow>($"""
            select {MessageRow.Columns}
            from messages
            where (@Status::text is null or status = @Status) and (@Campaign::text is null or campaign = @Campaign)
              and (@Kind::text is null or kind = @Kind) and (@Target::text is null or target_id = @Target)
              and (@Before::bigint is null or id < @Before) and (@After::bigint is null or id > @After)
            order by id {(query.OldestFirst ? "asc" : "desc")}
            limit @Limit
            """, new { query.Status, query.Campaign, query.Kind, query.Target, query.Before, query.After, query.Limit });
        return rows.Select(r => r.View(vault)).ToList();
    }

    /// <summary>
    /// Sends a message again, now: from failed, unknown (an admin's decision that a possible duplicate is
    /// acceptable) or deferred. Sent, sending, queued and cancelled messages are left alone.
    /// </summary>
    public async Task<(RetryOutcome Outcome, string? Status)> RetryAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync("""
            update messages set status = 'queued', next_attempt_at = @now, lease_until = null
            where id = @id and status in ('failed', 'unknown', 'deferred')
            """, new { id, now = time.GetUtcNow().UtcDateTime });
        if (updated == 1) return (RetryOutcome.Queued, MessageStatus.Queued);
        var status = await connection.ExecuteScalarAsync<string?>("select status from messages where id = @id", new { id });
        return status is null ? (RetryOutcome.NotFound, null) : (RetryOutcome.NotRetryable, status);
    }
}
