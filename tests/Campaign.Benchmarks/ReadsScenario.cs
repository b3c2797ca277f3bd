using System.Diagnostics;
using Campaign.Core.Privacy;
using Campaign.Core.Signatures;
using Campaign.Service.Embedded;
using Campaign.Service.Hosting;
using Dapper;
using Npgsql;

namespace Campaign.Benchmarks;

/// <summary>
/// The <c>reads</c> scenario (issue 14, point 2): the public count under a surge of readers. Starts a durable
/// PostgreSQL and the service on the repository's campaign files, gives one campaign many confirmed signatures,
/// and drives each public GET with <c>wrk</c> (installed from Debian if missing); prints req/s and latency per
/// route beside <c>/alive</c>, Kestrel's own ceiling in the same run, and how many counts PostgreSQL ran.
/// </summary>
public static class ReadsScenario
{
    private const string Slug = "china-stop-forced-returns";

    public static async Task RunAsync(int seconds, int connections, int signatures)
    {
        Console.WriteLine($"reads: {signatures:N0} confirmed signatures, wrk {connections} connections, {seconds} s a route, {Environment.ProcessorCount} cores (shared by wrk and the service)");
        await Wrk.EnsureInstalledAsync();
        using var data = new TempFolder();
        await using var postgres = await DurablePostgres.StartAsync(data);
        var port = LoopbackPort.FindFree();
        var site = $"http://127.0.0.1:{port}";
        await using var service = await ServiceInstance.StartAsync([
            $"--urls={site}", $"--App:PublicBaseUrl={site}", $"--ConnectionStrings:Campaign={postgres.ConnectionString}",
            $"--Campaigns:Directory={Path.Combine(RepositoryRoot.Find(), "campaigns")}", $"--Data:Directory={Path.Combine(data.Path, "data")}",
            $"--Privacy:DataKey={MasterKey.Generate().Text}", "--Admin:ApiKey=bench-admin-key-0123456789abcdef-0123",
            "--Smtp:Host=", "--Logging:LogLevel:Default=Warning",
        ]);
        await SeedAsync(postgres.ConnectionString, signatures);
        await OneCountAsync(postgres.ConnectionString, signatures);

        using var http = new HttpClient { BaseAddress = new Uri(site) };
        var etag = (await http.GetAsync($"/api/campaigns/{Slug}")).Headers.ETag!.Tag;
        (string What, string Path, string? Header)[] routes =
        [
            ("GET /alive (Kestrel's ceiling)", "/alive", null),
            ("GET /api/campaigns", "/api/campaigns", null),
            ("GET /api/campaigns/{slug}", $"/api/campaigns/{Slug}", null),
            ("  same, If-None-Match (304)", $"/api/campaigns/{Slug}", $"If-None-Match: {etag}"),
            ("GET / (list of campaigns)", "/", null),
            ("GET /c/{slug} (page, new visitor)", $"/c/{Slug}", null),
            ("GET /api/campaigns/{slug}/timeline", $"/api/campaigns/{Slug}/timeline", null),
            ("GET /c/{slug}/preview.png", $"/c/{Slug}/preview.png?lang=ko", null),
        ];
        Console.WriteLine($"| {"route",-34} | {"req/s",9} | {"p50",8} | {"p99",8} | {"non-2xx/3xx",11} | {"timeouts (2 s)",15} | {"scans",10} |");
        Console.WriteLine($"|{new string('-', 36)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 13)}|{new string('-', 17)}|{new string('-', 12)}|");
        foreach (var (what, path, header) in routes)
        {
            var before = await CountsRunAsync(postgres.ConnectionString);
            var run = await Wrk.RunAsync(site + path, seconds, connections, header);
            var counted = await CountsRunAsync(postgres.ConnectionString) - before;
            Console.WriteLine($"| {what,-34} | {run.PerSecond,9:N0} | {run.P50,8} | {run.P99,8} | {run.Failed,11:N0} | {run.TimedOut,15:N0} | {counted,10:N0} |");
        }
        Console.WriteLine("scans: of the signatures table (only counts and the timeline read it here), between two readings of PostgreSQL's statistics around the route's");
        Console.WriteLine("run (its seconds + about 2); a parallel scan counts once per process. The design: at most one count a second per campaign.");
    }

    /// <summary>Confirmed signatures as counting sees them (erased supporters: nothing but the country), vacuumed as autovacuum leaves a settled table.</summary>
    private static async Task SeedAsync(string connectionString, int signatures)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            insert into signatures (campaign, email_key, country, locale, sealed_with, status, confirmed_at, erased_at)
            select @Slug, 'bench-' || i, (array['KR','LA','CN','VN','MN','TH','US','GB'])[i % 8 + 1], 'en', 1, 'confirmed', now(), now()
            from generate_series(1, @signatures) i
            """, new { Slug, signatures }, commandTimeout: 600);
        await connection.ExecuteAsync("vacuum analyze signatures", commandTimeout: 600);
    }

    /// <summary>What the refresher pays once a second for this campaign: one count by country, and how PostgreSQL runs it.</summary>
    private static async Task OneCountAsync(string connectionString, int signatures)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var clock = new Stopwatch();
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            clock.Restart();
            _ = await SignatureCounts.ByCountryAsync(connection, Slug);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        var plan = await connection.QueryAsync<string>($"explain {SignatureCounts.CountByCountry}", new { campaign = Slug });
        var scan = plan.Select(line => line.Trim().TrimStart('-', '>', ' ')).First(line => line.Contains("Scan", StringComparison.Ordinal));
        Console.WriteLine($"one count of {signatures:N0} signatures by country: {times.Order().ElementAt(2):N1} ms (median of 5), {scan[..scan.IndexOf("  (", StringComparison.Ordinal)]}");
    }

    private static async Task<long> CountsRunAsync(string connectionString)
    {
        // Backends report their statistics when idle, within a second or so: let the last ones arrive.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>("select seq_scan + idx_scan from pg_stat_user_tables where relname = 'signatures'");
    }
}
