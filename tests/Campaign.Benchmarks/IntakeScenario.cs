using Campaign.Service.Embedded;
using Dapper;
using Npgsql;

namespace Campaign.Benchmarks;

/// <summary>
/// The <c>intake</c> scenario (issue 14, point 5): signing under a surge, measured from outside. A durable
/// PostgreSQL (fsync and synchronous commit on, as shipped) and the service as its own process; <c>wrk</c> signs
/// with an address never used before on every request. Phase 1 prints, in one table, <c>GET /alive</c> (Kestrel's
/// ceiling in the same run), signing with group commit, and signing one transaction per signature (the design
/// before issue 14), each with the rows the database holds against the <c>202</c>s. Phase 2 signs at a steady
/// rate into a <c>--role all</c> service with a relay and reports how long each confirmation took from the
/// signature's commit to the relay's acceptance.
/// </summary>
public static class IntakeScenario
{
    private const string Slug = "china-stop-forced-returns";

    public static async Task RunAsync(int seconds, int connections, int rate, int rateSeconds)
    {
        Console.WriteLine($"intake: wrk {connections} connections, {seconds} s a row, {Environment.ProcessorCount} cores (shared by wrk, the service and PostgreSQL)");
        await Wrk.EnsureInstalledAsync();
        using var data = new TempFolder();
        await using var postgres = await DurablePostgres.StartAsync(data);
        var setup = new ServiceProcess.Setup(postgres.ConnectionString, Path.Combine(data.Path, "data"), SinkPort: null);
        var script = Path.Combine(AppContext.BaseDirectory, "sign.lua");
        var signUrl = $"/api/campaigns/{Slug}/signatures";

        Console.WriteLine($"| {"row",-40} | {"req/s",9} | {"p50",8} | {"p99",8} | {"max",8} | {"non-202",8} | {"timeouts",8} | {"202s",9} | {"rows",9} | {"confirmations",13} |");
        Console.WriteLine($"|{new string('-', 42)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 11)}|{new string('-', 11)}|{new string('-', 15)}|");
        await using (var web = await ServiceProcess.StartAsync(setup, "web"))
        {
            var alive = await Wrk.RunAsync(web.Site + "/alive", seconds, connections);
            Row("GET /alive (Kestrel's ceiling)", alive, accepted: null, rows: null);
            // One short run first, so the row measures signing and not the first seconds of JIT.
            await Wrk.RunAsync(web.Site + signUrl, 5, connections, script: script, scriptArguments: ["warm"]);
            await SignRowAsync("POST signatures, group commit", web, "group");
            await web.StopAsync();
        }
        await using (var naive = await ServiceProcess.StartAsync(setup, "web", "--Signing:GroupCommit=false"))
        {
            await Wrk.RunAsync(naive.Site + signUrl, 5, connections, script: script, scriptArguments: ["naive-warm"]);
            await SignRowAsync("POST signatures, a transaction each", naive, "naive");
            await naive.StopAsync();
        }
        Console.WriteLine("req/s counts every answer; 202s are signatures taken. rows: signatures in the database from the row's addresses, and their");
        Console.WriteLine("confirmation emails queued; rows may exceed 202s by the requests wrk cut off when it stopped (committed, answer unread).");

        await ConfirmationLatencyAsync(setup, script, signUrl, rate, rateSeconds);

        async Task SignRowAsync(string what, ServiceProcess service, string tag)
        {
            var before = await LastSignatureAsync(postgres.ConnectionString);
            var run = await Wrk.RunAsync(service.Site + signUrl, seconds, connections, script: script, scriptArguments: [tag]);
            await Task.Delay(TimeSpan.FromSeconds(1)); // the batch of the requests wrk cut off commits, or not
            var rows = await RowsAsync(postgres.ConnectionString, before, await LastSignatureAsync(postgres.ConnectionString));
            Row(what, run, run.Printed("accepted"), rows);
        }
    }

    private static void Row(string what, Wrk.Run run, long? accepted, (long Signatures, long Confirmations)? rows) =>
        Console.WriteLine($"| {what,-40} | {run.PerSecond,9:N0} | {run.P50,8} | {run.P99,8} | {run.Max,8} | {run.Printed("refused") + run.Failed,8:N0} | {run.TimedOut,8:N0} | " +
            $"{Figure(accepted),9} | {Figure(rows?.Signatures),9} | {Figure(rows?.Confirmations),13} |");

    private static string Figure(long? value) => value is { } v ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-";

    private static async Task<long> LastSignatureAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>("select coalesce(max(id), 0) from signatures");
    }

    /// <summary>Signatures made between two readings (addresses are stored sealed: ids tell one row's from another's), and their confirmation emails.</summary>
    private static async Task<(long Signatures, long Confirmations)> RowsAsync(string connectionString, long after, long upTo)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.ExecuteScalarAsync<long>("select count(*) from signatures where id > @after and id <= @upTo", new { after, upTo }),
            await connection.ExecuteScalarAsync<long>(
                "select count(*) from messages where kind = 'confirmation' and signature_id > @after and signature_id <= @upTo", new { after, upTo }));
    }

    /// <summary>
    /// Phase 2: <paramref name="rate"/> signatures a second into a service that also sends (Postfix's smtp-sink as the
    /// relay), and the time from each confirmation's row (committed with its signature) to the relay's 250.
    /// </summary>
    private static async Task ConfirmationLatencyAsync(ServiceProcess.Setup shared, string script, string signUrl, int rate, int rateSeconds)
    {
        await using var sink = await Sink.StartAsync(preferPostfix: true);
        var setup = shared with { SinkPort = sink.Port };
        await using var connection = new NpgsqlConnection(setup.ConnectionString);
        // Phase 1's confirmations (a million or more) are set aside: this phase measures only its own.
        await connection.ExecuteAsync("update messages set status = 'cancelled', last_error = 'set aside by the intake benchmark' where status = 'queued'", commandTimeout: 600);
        await using var all = await ServiceProcess.StartAsync(setup, "all");
        var after = await connection.ExecuteScalarAsync<long>("select coalesce(max(id), 0) from messages");
        // Each connection signs, then waits: 64 connections, each answer taking about 20 ms (a lone commit's fsync
        // here) and a pause of 44 ms, make about 1,000 a second. The rate reached is printed.
        const int paced = 64;
        var pause = Math.Max(0, paced * 1000 / rate - 20);
        var run = await Wrk.RunAsync(all.Site + signUrl, rateSeconds, paced, script: script, scriptArguments: ["paced"],
            environment: new Dictionary<string, string> { ["CAMPAIGN_PAUSE_MS"] = pause.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await WaitUntilSentAsync(setup.ConnectionString, TimeSpan.FromMinutes(2));
        var latencies = (await connection.QueryAsync<double>("""
            select extract(epoch from sent_at - created_at) * 1000 from messages
            where id > @after and kind = 'confirmation' and status = 'sent' order by 1
            """, new { after })).ToList();
        string At(double share) => latencies.Count == 0 ? "-" : $"{latencies[Math.Min(latencies.Count - 1, (int)(share * latencies.Count))]:N0} ms";
        Console.WriteLine();
        Console.WriteLine($"confirmations at {run.Printed("accepted") / (double)rateSeconds:N0} signatures/s for {rateSeconds} s (--role all, {sink.Name}): " +
            $"signing p50 {run.P50}, p99 {run.P99}; {latencies.Count:N0} confirmations, commit -> relay's 250 p50 {At(0.50)}, p99 {At(0.99)}, max {At(1.0)}");
        await all.StopAsync();
    }

    private static async Task WaitUntilSentAsync(string connectionString, TimeSpan patience)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var until = DateTime.UtcNow + patience;
        while (await connection.ExecuteScalarAsync<long>("select count(*) from messages where status in ('queued', 'sending', 'deferred')") > 0)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("the queued confirmations were not sent in time");
            await Task.Delay(200);
        }
    }
}
