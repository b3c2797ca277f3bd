using System.Diagnostics;
using System.Net.Http.Json;
using Campaign.Service.Embedded;
using Dapper;
using Npgsql;

namespace Campaign.Benchmarks;

/// <summary>
/// The <c>confirmations</c> scenario (issue 14, point 4): how fast the service as a user runs it sends
/// confirmations, cold and warm. A durable PostgreSQL; supporters sign through the API of a <c>--role web</c>
/// process; then a <c>--role all</c> process is started cold on their queued confirmations, with Postfix's
/// smtp-sink as the relay, and the outbox is sampled every 100 ms. Then, warm, more supporters sign through the
/// running service and their confirmations are timed the same way.
/// </summary>
public static class ConfirmationsScenario
{
    private const string Slug = "china-stop-forced-returns";
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(int messages, int warmRounds, string[] serviceSettings)
    {
        using var data = new TempFolder();
        await using var postgres = await DurablePostgres.StartAsync(data);
        await using var sink = await Sink.StartAsync(preferPostfix: true);
        var setup = new ServiceProcess.Setup(postgres.ConnectionString, Path.Combine(data.Path, "data"), sink.Port);
        Console.WriteLine($"confirmations: {messages:N0} a round, {sink.Name}, {Environment.ProcessorCount} cores" +
            (serviceSettings.Length > 0 ? $", service settings {string.Join(' ', serviceSettings)}" : ""));

        await using (var web = await ServiceProcess.StartAsync(setup, "web", serviceSettings))
        {
            var signing = Stopwatch.StartNew();
            await SignAsync(web.Site, messages, "cold");
            Console.WriteLine($"signed {messages:N0} through a --role web process in {signing.Elapsed.TotalSeconds:N1} s; stopping it");
            await web.StopAsync();
        }

        var started = Stopwatch.StartNew();
        await using var all = await ServiceProcess.StartAsync(setup, "all", serviceSettings);
        var cold = await WatchAsync(postgres.ConnectionString, after: 0, messages, started);
        Console.WriteLine($"| {"round",-6} | {"start-up",9} | {"first sent",10} | {"first 10 s",12} | {"best 1 s",10} | {"first to last",13} | {"from start",10} |");
        Console.WriteLine($"|{new string('-', 8)}|{new string('-', 11)}|{new string('-', 12)}|{new string('-', 14)}|{new string('-', 12)}|{new string('-', 15)}|{new string('-', 12)}|");
        Print("cold", $"{all.StartedIn.TotalSeconds:N1} s", cold);
        for (var round = 1; round <= warmRounds; round++)
        {
            var after = await LastMessageAsync(postgres.ConnectionString);
            var clock = Stopwatch.StartNew();
            var signing = SignAsync(all.Site, messages, $"warm{round}");
            var warm = await WatchAsync(postgres.ConnectionString, after, messages, clock);
            await signing;
            Print($"warm {round}", "-", warm);
        }
        Console.WriteLine("first sent: from the process's start (cold) or the first signature (warm) to the first 250; first 10 s: sent in the 10 s after");
        Console.WriteLine("the first, per second; first to last: all of the round over the time from its first to its last send.");
        await all.StopAsync();
    }

    private static void Print(string round, string startUp, Timeline t) =>
        Console.WriteLine($"| {round,-6} | {startUp,9} | {t.First.TotalSeconds,8:N1} s | {(double.IsNaN(t.FirstTenSeconds) ? "(< 10 s)" : $"{t.FirstTenSeconds:N0} /s"),12} | {t.BestSecond,6:N0} /s | {t.Overall,9:N0} /s | {t.Last.TotalSeconds,8:N1} s |");

    /// <summary>Signs <paramref name="count"/> supporters with new addresses, 64 requests at a time, as the form's JSON API is used.</summary>
    private static async Task SignAsync(string site, int count, string tag)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(site) };
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                using var answer = await http.PostAsJsonAsync($"/api/campaigns/{Slug}/signatures",
                    new { name = "Load Test", email = $"{tag}-{i}@load.example", country = "KR", consent = true });
                if ((int)answer.StatusCode != 202) throw new InvalidOperationException($"signing answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            }
        }));
    }

    private static async Task<long> LastMessageAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>("select coalesce(max(id), 0) from messages");
    }

    private sealed record Timeline(TimeSpan First, TimeSpan Last, double FirstTenSeconds, double BestSecond, double Overall);

    /// <summary>Samples the sent confirmations newer than <paramref name="after"/> until <paramref name="count"/> are sent.</summary>
    private static async Task<Timeline> WatchAsync(string connectionString, long after, int count, Stopwatch clock)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var samples = new List<(TimeSpan At, long Sent)>();
        var patience = TimeSpan.FromMinutes(10);
        while (true)
        {
            var sent = await connection.ExecuteScalarAsync<long>(
                "select count(*) from messages where id > @after and kind = 'confirmation' and status = 'sent'", new { after });
            samples.Add((clock.Elapsed, sent));
            if (sent >= count) break;
            if (clock.Elapsed > patience) throw new TimeoutException($"{sent:N0} of {count:N0} confirmations sent after {patience}");
            await Task.Delay(Sample);
        }
        var first = samples.First(s => s.Sent > 0);
        var last = samples[^1];
        long SentAt(TimeSpan at) => samples.LastOrDefault(s => s.At <= at).Sent;
        var tenSeconds = TimeSpan.FromSeconds(10);
        // A round shorter than ten seconds has no ten seconds to measure.
        var firstTen = last.At - first.At < tenSeconds ? double.NaN : (SentAt(first.At + tenSeconds) - SentAt(first.At - Sample)) / 10.0;
        var best = samples.Max(s => SentAt(s.At + TimeSpan.FromSeconds(1)) - s.Sent);
        // First to last: the sample before the first send opens the interval, so a round sent within one sample still has a time.
        var opened = samples.LastOrDefault(s => s.Sent == 0).At;
        return new Timeline(first.At, last.At, firstTen, best, count / (last.At - opened).TotalSeconds);
    }
}
