using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// A campaign's confirmed signatures over time, for the public numbers (issue 17, point 4): per hour over the
/// last <see cref="Hours"/> hours and per day over the whole campaign, by when each was confirmed (UTC). The hours
/// are counted from the partial index <c>signatures_confirmed_by_time</c>, the days read from the kept counts;
/// shared like the public count: one count per
/// campaign at a time, at most every <see cref="RefreshEvery"/>, whatever the number of readers.
/// </summary>
/// <remarks>
/// Like the count, it follows the signatures as they stand: one withdrawn or invalidated later leaves its hour.
/// </remarks>
public sealed partial class ConfirmedTimeline(NpgsqlDataSource dataSource, TimeProvider time, ILogger<ConfirmedTimeline> logger)
{
    public const int Hours = 48;

    /// <summary>
    /// Far slower than the count's second: a chart of hours need not move with every signature, and on a big
    /// campaign the two counts read every confirmed signature's index entry (about a second of one core for a
    /// million, measured with the <c>reads</c> benchmark).
    /// </summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan ShownStaleAtMost = TimeSpan.FromMinutes(5);

    /// <summary>One bar of a chart: the hour or day starting at <paramref name="Start"/> (UTC).</summary>
    public sealed record Slot(DateTime Start, long Count);

    /// <summary>Every hour of the last <see cref="Hours"/> (this one last), and every day from the first confirmation to today.</summary>
    public sealed record Timeline(DateTimeOffset CountedAt, IReadOnlyList<Slot> PerHour, IReadOnlyList<Slot> PerDay);

    // Grouped over the index's own column so the partial index answers without the table (TimelinePlanTests).
    // The days need no count of their own: the kept counts (0025) hold confirmed signatures per campaign and day.
    internal const string PerHourSql = $"""
        select date_trunc('hour', confirmed_at at time zone 'UTC') as Start, count(*) as Count from signatures
        where campaign = @campaign and {SignatureStatus.CountsSql} and confirmed_at >= @since group by 1
        """;

    private readonly ConcurrentDictionary<string, SharedRefresh<Timeline>> timelines = new(StringComparer.Ordinal);

    public Task<Timeline> ForCampaignAsync(string slug, CancellationToken cancellationToken = default) =>
        timelines.GetOrAdd(slug, campaign => new SharedRefresh<Timeline>(_ => CountAsync(campaign), time, RefreshEvery, ShownStaleAtMost,
            exception => RecountFailed(logger, campaign, exception))).GetAsync(cancellationToken);

    private async Task<Timeline> CountAsync(string campaign)
    {
        var now = time.GetUtcNow();
        var thisHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var firstHour = thisHour.AddHours(1 - Hours);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // One core, not all: a parallel scan of a big campaign would take every core from the web front for its
        // duration, and the readers of every page would wait on it. The timeline is in no hurry.
        await connection.ExecuteAsync("set local max_parallel_workers_per_gather = 0", transaction: transaction);
        var hours = (await connection.QueryAsync<Slot>(PerHourSql, new { campaign, since = firstHour }, transaction)).ToDictionary(s => s.Start, s => s.Count);
        var days = (await Reports.KeptCounts.ByDayAsync(connection, Reports.KeptCounts.Signatures, DateTime.MinValue, campaign, transaction))
            .ToDictionary(d => DateTime.SpecifyKind(d.Day, DateTimeKind.Utc), d => d.Count);
        await transaction.CommitAsync();
        var perHour = Enumerable.Range(0, Hours).Select(i => firstHour.AddHours(i)).Select(h => new Slot(h, hours.GetValueOrDefault(h))).ToList();
        // Days without a signature are bars of zero, not missing: the chart's x axis is time.
        var today = thisHour.Date;
        var perDay = new List<Slot>();
        if (days.Count > 0)
            for (var day = DateTime.SpecifyKind(days.Keys.Min(), DateTimeKind.Utc); day <= today; day = day.AddDays(1)) perDay.Add(new Slot(day, days.GetValueOrDefault(day)));
        return new Timeline(now, perHour, perDay);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting the timeline of {Campaign} failed; the public pages show the last one")]
    private static partial void RecountFailed(ILogger logger, string campaign, Exception exception);
}
