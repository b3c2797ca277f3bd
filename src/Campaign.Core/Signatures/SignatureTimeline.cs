using Dapper;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>Signatures per day, for the admin dashboard's chart.</summary>
public sealed class SignatureTimeline(NpgsqlDataSource dataSource, TimeProvider time)
{
    public sealed record DayCount(DateTime Day, string Status, long Count);

    public sealed record RecentSignature(long Id, string Name, string Country, string Status, DateTime CreatedAt);

    /// <summary>The newest signatures, for admins to spot abuse; no email addresses.</summary>
    public async Task<IReadOnlyList<RecentSignature>> LatestAsync(string campaign, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RecentSignature>("""
            select id, name, trim(country) as country, status, created_at as CreatedAt from signatures
            where campaign = @campaign and status <> 'withdrawn' order by id desc limit @limit
            """, new { campaign, limit });
        return rows.ToList();
    }

    /// <summary>Signatures made per day in the last <paramref name="days"/> days (UTC), by their current status.</summary>
    public async Task<IReadOnlyList<DayCount>> ByDayAsync(string campaign, int days, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DayCount>("""
            select date_trunc('day', created_at at time zone 'UTC') as Day, status, count(*) as Count
            from signatures where campaign = @campaign and created_at >= @since
            group by 1, 2 order by 1
            """, new { campaign, since = time.GetUtcNow().UtcDateTime.Date.AddDays(1 - days) });
        return rows.ToList();
    }

    /// <summary>Signatures confirmed per day (UTC) in the last <paramref name="days"/> days, per campaign: every campaign at once, for the dashboard.</summary>
    public async Task<IReadOnlyList<(DateTime Day, string Campaign, long Count)>> ConfirmedByDayAsync(int days, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(DateTime Day, string Campaign, long Count)>("""
            select date_trunc('day', confirmed_at at time zone 'UTC') as Day, campaign, count(*) as Count
            from signatures where status = 'confirmed' and confirmed_at >= @since
            group by 1, 2 order by 1
            """, new { since = time.GetUtcNow().UtcDateTime.Date.AddDays(1 - days) });
        return rows.ToList();
    }
}
