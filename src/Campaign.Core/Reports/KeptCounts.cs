using Dapper;
using Npgsql;

namespace Campaign.Core.Reports;

/// <summary>
/// Messages and signatures counted by campaign and status (and by day for sent messages and confirmed
/// signatures) from the counts their triggers keep (0025), never by grouping the rows themselves: a few rows
/// to read whether a campaign has a hundred or a million. Each read first folds what was appended since the
/// last one, so the changes left to add up are only those of the last moments.
/// </summary>
public static class KeptCounts
{
    public const string Messages = "messages";
    public const string Signatures = "signatures";

    private const string Fold = "select fold_kept_counts()";

    // The counts plus whatever was appended since the fold. A status whose rows are all gone reads 0 rather
    // than vanishing, so a graph of it falls to zero instead of holding its last value.
    internal const string ByStatusSql = """
        select campaign, status, sum(count)::bigint from (
            select campaign, status, count from kept_counts where subject = @subject
            union all
            select campaign, status, delta from kept_count_changes where subject = @subject
        ) counted
        group by campaign, status
        """;

    private const string ByDaySql = """
        select day::timestamp as Day, campaign as Key, sum(count)::bigint as Count from (
            select day, campaign, count from kept_counts
            where subject = @subject and status = @status and day >= @since and (@campaign::text is null or campaign = @campaign)
            union all
            select day, campaign, delta from kept_count_changes
            where subject = @subject and status = @status and day >= @since and (@campaign::text is null or campaign = @campaign)
        ) counted
        group by 1, 2
        having sum(count) <> 0
        order by 1
        """;

    /// <summary>Rows of <paramref name="subject"/> by campaign, then by status.</summary>
    public static async Task<Dictionary<string, Dictionary<string, long>>> ByStatusAsync(NpgsqlConnection connection, string subject)
    {
        await connection.ExecuteAsync(Fold);
        var rows = await connection.QueryAsync<(string Campaign, string Status, long Count)>(ByStatusSql, new { subject });
        return rows.GroupBy(r => r.Campaign).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Status, r => r.Count));
    }

    /// <summary>Messages sent, or signatures confirmed, per UTC day from <paramref name="since"/>, per campaign.</summary>
    public static async Task<IReadOnlyList<DailyCounts.Row>> ByDayAsync(NpgsqlDataSource dataSource, string subject, DateTime since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ByDayAsync(connection, subject, since, campaign: null);
    }

    /// <summary>As above, on the caller's connection (and transaction), of one campaign or of all.</summary>
    public static async Task<IReadOnlyList<DailyCounts.Row>> ByDayAsync(NpgsqlConnection connection, string subject, DateTime since, string? campaign,
        NpgsqlTransaction? transaction = null)
    {
        await connection.ExecuteAsync(Fold, transaction: transaction);
        var status = subject == Messages ? Outbox.MessageStatus.Sent : global::Campaign.Core.Signatures.SignatureStatus.Confirmed;
        return (await connection.QueryAsync<DailyCounts.Row>(ByDaySql, new { subject, status, since = DateOnly.FromDateTime(since), campaign }, transaction)).ToList();
    }
}
