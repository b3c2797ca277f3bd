using Campaign.Core.Privacy;
using Campaign.Core.Reports;
using Dapper;
using Npgsql;

namespace Campaign.Core.Outbox;

/// <summary>The outbox as the admin dashboard reads it: problems to act on, sends per target, mail per day.</summary>
public sealed class OutboxReport(NpgsqlDataSource dataSource, SupporterVault vault, TimeProvider time)
{
    /// <summary>The statuses an admin may need to act on.</summary>
    public static readonly IReadOnlyList<string> ProblemStatuses = [MessageStatus.Failed, MessageStatus.Deferred, MessageStatus.Unknown, MessageStatus.Bounced];

    public sealed record TargetSends(string Target, long LastHour);

    public sealed record SentDelivery(long Id, string Target, string MessageId, DateTime SentAt);

    /// <summary>Mail waiting for one target (<c>queued</c> or <c>deferred</c>): what its throttle still has to let through.</summary>
    public sealed record TargetQueue(string Campaign, string Target, long Letters, long Deliveries)
    {
        public long Total => Letters + Deliveries;
    }

    // Newest first from the partial index of problem rows (0025), so a million sent messages are never walked past.
    // The statuses are written into the statement (they are our constants, never a request's text): only then can
    // the planner see, in a generic plan too, that the rows asked for are all in that index.
    internal static string ProblemsSql(IEnumerable<string> statuses) => $"""
        select {MessageRow.Columns}
        from messages
        where status in ({string.Join(", ", statuses.Select(s => $"'{ProblemStatuses.Single(known => known == s)}'"))})
          and (@campaign::text is null or campaign = @campaign) and (@kind::text is null or kind = @kind)
        order by id desc
        limit @limit
        """;

    /// <summary>Failed, deferred, unknown and bounced messages, newest first; <paramref name="status"/> narrows to one of them.</summary>
    public async Task<IReadOnlyList<OutboxAdmin.MessageView>> ProblemsAsync(string? status, string? campaign, string? kind, int limit, CancellationToken cancellationToken = default)
    {
        var statuses = status is not null && ProblemStatuses.Contains(status) ? [status] : ProblemStatuses.ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MessageRow>(ProblemsSql(statuses), new { campaign, kind, limit });
        return rows.Select(r => r.View(vault)).ToList();
    }

    /// <summary>Messages created per day in the last <paramref name="days"/> days, by their current status.</summary>
    public Task<IReadOnlyList<DailyCounts.Row>> ByDayAsync(string campaign, int days, CancellationToken cancellationToken = default) =>
        DailyCounts.QueryAsync(dataSource, "messages", "created_at", "status", "campaign = @campaign", DailyCounts.Since(time, days), new { campaign }, cancellationToken);

    /// <summary>Messages sent per day in the last <paramref name="days"/> days, per campaign: every campaign at once, for the dashboard.</summary>
    public Task<IReadOnlyList<DailyCounts.Row>> SentByDayAsync(int days, CancellationToken cancellationToken = default) =>
        KeptCounts.ByDayAsync(dataSource, KeptCounts.Messages, DailyCounts.Since(time, days), cancellationToken);

    /// <summary>Letters and deliveries sent to each target in the last hour, to hold against its <c>max_per_hour</c>.</summary>
    public async Task<IReadOnlyList<TargetSends>> SentLastHourAsync(string campaign, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TargetSends>($"""
            select target_id as Target, count(*) as LastHour from messages
            where campaign = @campaign and {MessageKind.ToTargetSql} and status = 'sent' and target_id is not null and sent_at >= @since
            group by target_id
            """, new { campaign, since = time.GetUtcNow().UtcDateTime.AddHours(-1) });
        return rows.ToList();
    }

    /// <summary>
    /// Every target with mail waiting, per campaign (or of one campaign): one grouped read of the partial index
    /// the dispatcher claims from (0006), so only waiting rows are touched, never the sent history.
    /// </summary>
    public async Task<IReadOnlyList<TargetQueue>> QueuedByTargetAsync(string? campaign, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TargetQueue>(new CommandDefinition($"""
            select campaign, target_id as Target, count(*) filter (where kind = '{MessageKind.Letter}') as Letters,
                   count(*) filter (where kind = '{MessageKind.Delivery}') as Deliveries
            from messages
            where status in ('queued', 'deferred') and {MessageKind.ToTargetSql} and target_id is not null
              and (@campaign::text is null or campaign = @campaign)
            group by campaign, target_id
            order by campaign, target_id
            """, new { campaign }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>The last <paramref name="perTarget"/> petition deliveries sent to each target.</summary>
    public async Task<IReadOnlyList<SentDelivery>> LastDeliveriesAsync(string campaign, int perTarget, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SentDelivery>("""
            select id, target_id as Target, message_id as MessageId, sent_at as SentAt from (
                select *, row_number() over (partition by target_id order by sent_at desc) as n
                from messages where campaign = @campaign and kind = 'delivery' and status = 'sent' and target_id is not null
            ) m where n <= @perTarget order by target_id, sent_at desc
            """, new { campaign, perTarget });
        return rows.ToList();
    }

}
