using Campaign.Core.Privacy;
using Campaign.Core.Reports;
using Dapper;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>Signatures per day, for the admin dashboard's chart.</summary>
public sealed class SignatureTimeline(NpgsqlDataSource dataSource, SupporterVault vault, TimeProvider time)
{
    public sealed record RecentSignature(long Id, string Name, string Country, string Status, DateTime CreatedAt);

    /// <summary>The newest signatures, for admins to spot abuse; no email addresses.</summary>
    public async Task<IReadOnlyList<RecentSignature>> LatestAsync(string campaign, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, byte[]? Name, string Country, string Status, DateTime CreatedAt)>("""
            select id, name, trim(country) as country, status, created_at from signatures
            where campaign = @campaign and status <> 'withdrawn' order by id desc limit @limit
            """, new { campaign, limit });
        return rows.Select(r => new RecentSignature(r.Id, vault.Open(r.Name, SupporterVault.Name) ?? "", r.Country, r.Status, r.CreatedAt)).ToList();
    }

    /// <summary>Signatures made per day in the last <paramref name="days"/> days (UTC), by their current status.</summary>
    public Task<IReadOnlyList<DailyCounts.Row>> ByDayAsync(string campaign, int days, CancellationToken cancellationToken = default) =>
        DailyCounts.QueryAsync(dataSource, "signatures", "created_at", "status", "campaign = @campaign", DailyCounts.Since(time, days), new { campaign }, cancellationToken);

    public sealed record ConfirmRateDay(DateTime Day, long Made, long Confirmed);

    /// <summary>
    /// Per day of signing in the last <paramref name="days"/> days (UTC): signatures made (<c>Made</c>), and how many of them were
    /// confirmed (whatever became of them since: a withdrawn one was confirmed once). The admin's confirm rate: a day
    /// whose rate falls shows mail that is not arriving, or signatures that were never meant.
    /// </summary>
    public async Task<IReadOnlyList<ConfirmRateDay>> ConfirmRateByDayAsync(string campaign, int days, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConfirmRateDay>("""
            select date_trunc('day', created_at at time zone 'UTC') as Day, count(*) as Made, count(confirmed_at) as Confirmed
            from signatures where campaign = @campaign and created_at >= @since group by 1 order by 1
            """, new { campaign, since = DailyCounts.Since(time, days) });
        return rows.ToList();
    }

    /// <summary>Signatures confirmed per day in the last <paramref name="days"/> days, per campaign: every campaign at once, for the dashboard.</summary>
    public Task<IReadOnlyList<DailyCounts.Row>> ConfirmedByDayAsync(int days, CancellationToken cancellationToken = default) =>
        KeptCounts.ByDayAsync(dataSource, KeptCounts.Signatures, DailyCounts.Since(time, days), cancellationToken);
}
