using Campaign.Core.Signatures;
using Campaign.Core.Storage;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Campaign.Tests.Signatures;

/// <summary>
/// The public count stays cheap on a big table: PostgreSQL answers it from the partial index of confirmed
/// signatures alone, never reading the rows (with their sealed details) or the other statuses.
/// </summary>
public sealed class CountQueryPlanTests
{
    private const int Rows = 100_000;
    private static readonly string[] Countries = ["KR", "LA", "CN", "VN", "MN"];

    [Fact]
    public async Task CountByCountry_ABigCampaign_IsAnIndexOnlyScanOfTheConfirmedSignaturesAndCountsRight()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateDatabaseAsync(nameof(CountQueryPlanTests)));
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        // Durable commits, as the service runs: the test cluster's asynchronous ones leave the rows without the hint
        // bits VACUUM needs before it marks a page all-visible, and an index-only scan needs pages marked so.
        await connection.ExecuteAsync("set synchronous_commit = on");
        // A quarter of the rows in another campaign; of the rest, seven in ten confirmed, the others pending or invalidated.
        await connection.ExecuteAsync("""
            insert into campaigns (slug, kind, status) values ('big', 'petition', 'active'), ('beside', 'petition', 'active');
            insert into signatures (campaign, email_key, country, locale, sealed_with, status, confirmed_at)
            select case when i % 4 = 0 then 'beside' else 'big' end, 'key-' || i, (@countries::text[])[i % 5 + 1], 'en', 1,
                   case when i % 10 < 7 then 'confirmed' when i % 10 < 9 then 'pending' else 'invalidated' end, now()
            from generate_series(1, @rows) i;
            """, new { countries = Countries, rows = Rows });
        // As autovacuum leaves a table that has settled: statistics gathered and its pages marked all-visible. A
        // vacuum while another backend of the cluster is starting up may leave pages unmarked (its horizon counts
        // every database): autovacuum would come back, so the test does, a few times.
        var plan = "";
        for (var vacuums = 0; vacuums < 5 && !(plan.Contains("Index Only Scan", StringComparison.Ordinal) && plan.Contains("Heap Fetches: 0", StringComparison.Ordinal)); vacuums++)
        {
            if (vacuums > 0) await Task.Delay(500);
            await connection.ExecuteAsync("vacuum analyze signatures");
            plan = string.Join('\n', await connection.QueryAsync<string>(
                $"explain (analyze, costs off, timing off, summary off) {SignatureCounts.CountByCountry}", new { campaign = "big" }));
        }
        var counted = await SignatureCounts.ByCountryAsync(connection, "big");

        Assert.True(plan.Contains("Index Only Scan using signatures_counted_by_country", StringComparison.Ordinal), plan);
        Assert.True(plan.Contains("Heap Fetches: 0", StringComparison.Ordinal), plan);
        var expected = Enumerable.Range(1, Rows).Where(i => i % 4 != 0 && i % 10 < 7)
            .GroupBy(i => Countries[i % 5]).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected.OrderBy(c => c.Key), counted.OrderBy(c => c.Key));
    }
}
