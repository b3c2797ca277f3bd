using Campaign.Core.Signatures;
using Campaign.Core.Storage;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Campaign.Tests.Numbers;

/// <summary>
/// The public timeline stays cheap on a big table: both its queries, per hour and per day, are index-only scans
/// of <c>signatures_confirmed_by_time</c>, never reading the rows (with their sealed details) or other statuses.
/// </summary>
public sealed class TimelinePlanTests
{
    private const int Rows = 100_000;

    [Theory]
    [InlineData(ConfirmedTimeline.PerHourSql)]
    public async Task TimelineQuery_ABigCampaign_IsAnIndexOnlyScanOfItsConfirmedSignatures(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateDatabaseAsync(nameof(TimelinePlanTests) + (sql == ConfirmedTimeline.PerHourSql ? "Hours" : "Days")));
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        // Durable commits, so VACUUM can mark the pages all-visible (see CountQueryPlanTests).
        await connection.ExecuteAsync("set synchronous_commit = on");
        // Signatures over the last 100 days, a quarter in another campaign, seven in ten confirmed.
        await connection.ExecuteAsync("""
            insert into campaigns (slug, kind, status) values ('big', 'petition', 'active'), ('beside', 'petition', 'active');
            insert into signatures (campaign, email_key, country, locale, sealed_with, status, confirmed_at)
            select case when i % 4 = 0 then 'beside' else 'big' end, 'key-' || i, 'KR', 'en', 1,
                   case when i % 10 < 7 then 'confirmed' else 'pending' end,
                   case when i % 10 < 7 then now() - (i % 2400) * interval '1 hour' end
            from generate_series(1, @rows) i;
            """, new { rows = Rows });
        var plan = "";
        for (var vacuums = 0; vacuums < 5 && !(plan.Contains("Index Only Scan", StringComparison.Ordinal) && plan.Contains("Heap Fetches: 0", StringComparison.Ordinal)); vacuums++)
        {
            if (vacuums > 0) await Task.Delay(500);
            await connection.ExecuteAsync("vacuum analyze signatures");
            plan = string.Join('\n', await connection.QueryAsync<string>(
                $"explain (analyze, costs off, timing off, summary off) {sql}", new { campaign = "big", since = DateTime.UtcNow.AddHours(-48) }));
        }

        Assert.True(plan.Contains("Index Only Scan using signatures_confirmed_by_time", StringComparison.Ordinal), plan);
        Assert.True(plan.Contains("Heap Fetches: 0", StringComparison.Ordinal), plan);
    }
}
