using Dapper;
using Npgsql;

namespace Campaign.Core.Reports;

/// <summary>
/// Rows counted per UTC day, the shape of every chart on the admin pages: one query, whatever is counted.
/// The table, columns and condition are the callers' own constants, never anything a request sent.
/// </summary>
public static class DailyCounts
{
    public sealed record Row(DateTime Day, string Key, long Count);

    /// <summary>The first day of the last <paramref name="days"/> days, today included (UTC).</summary>
    public static DateTime Since(TimeProvider time, int days) => time.GetUtcNow().UtcDateTime.Date.AddDays(1 - days);

    /// <param name="table">The table counted.</param>
    /// <param name="at">The time column that puts a row on its day.</param>
    /// <param name="key">The column each day is split by.</param>
    /// <param name="where">Further conditions (named parameters from <paramref name="parameters"/>); <c>@since</c> is set here.</param>
    public static async Task<IReadOnlyList<Row>> QueryAsync(NpgsqlDataSource dataSource, string table, string at, string key, string where,
        DateTime since, object? parameters, CancellationToken cancellationToken)
    {
        var arguments = new DynamicParameters(parameters);
        arguments.Add("since", since);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>($"""
            select date_trunc('day', {at} at time zone 'UTC') as Day, {key} as Key, count(*) as Count
            from {table} where {at} >= @since and {where}
            group by 1, 2 order by 1
            """, arguments);
        return rows.ToList();
    }
}
