using System.Diagnostics;
using Campaign.Core.Storage;
using Campaign.Service.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace Campaign.Benchmarks;

/// <summary>
/// The <c>send</c> scenario: one relay, three ways to send through it.
/// (a) our engine end to end: rows claimed, rendered, sent and recorded by the real dispatcher;
/// (b) a bare MailKit loop over the same number of connections: the client-side limit;
/// (c) the tutorial design: one Hangfire job per email, each connecting for its one message.
/// </summary>
public static class SendScenario
{
    private const int NaiveWarmUp = 50;
    private const int ComposeProbe = 5_000;

    /// <param name="warmUp">
    /// Messages each design sends untimed first. A fresh .NET process spends its first tens of thousands of
    /// messages compiling and re-compiling hot code (tiered PGO); a worker that runs for days does not, so
    /// the figures are taken after it, and the warm-up's own rate is printed beside them.
    /// </param>
    public static async Task RunAsync(int messages, int naiveMessages, int warmUp, bool preferPostfix)
    {
        Console.WriteLine($"send: {messages:N0} messages after {warmUp:N0} to warm up (naive design: {naiveMessages:N0}), {Environment.ProcessorCount} cores");
        using var data = new TempFolder();
        await using var postgres = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(data.Path, "postgres"), Database = "bench" },
            NullLogger.Instance, CancellationToken.None);
        await using var sink = await Sink.StartAsync(preferPostfix);
        Console.WriteLine($"relay: {sink.Name} on 127.0.0.1:{sink.Port}; database: PostgreSQL, configured as the service uses it (outcomes with synchronous_commit off)");
        await using var dataSource = CampaignDatabase.Open(postgres.ConnectionString);
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();

        using var engine = await EngineRun.CreateAsync(dataSource, postgres.ConnectionString, sink.Port, data.Path);
        Console.WriteLine($"(a) warming up with {warmUp:N0} messages…");
        await engine.QueueAsync(warmUp);
        var warming = await MeasureAsync(() => engine.SendAllAsync(warmUp));
        await engine.QueueAsync(messages);
        Console.WriteLine($"(a) sending {messages:N0}…");
        var ours = await MeasureAsync(() => engine.SendAllAsync(warmUp + messages));
        var heapAfterOurs = HeapAfterFullCollection();

        // (b) and (c) send what (a) sends, built from ready-made parts, so they differ only by what our engine adds.
        var sample = engine.ComposeSample();
        Console.WriteLine($"(b) warming up, then sending {messages:N0}…");
        await BareMailKit.SendAsync(engine.Settings, sink.Port, warmUp, sample);
        var bare = await MeasureAsync(() => BareMailKit.SendAsync(engine.Settings, sink.Port, messages, sample));
        Console.WriteLine($"(c) warming up, then sending {naiveMessages:N0}…");
        await NaiveHangfire.SendAsync(postgres.ConnectionString, sink.Port, NaiveWarmUp, engine.Settings.Smtp.MaxConnections, sample);
        var naive = await MeasureAsync(() => NaiveHangfire.SendAsync(postgres.ConnectionString, sink.Port, naiveMessages, engine.Settings.Smtp.MaxConnections, sample));

        // Where (a)'s time goes that (b) does not spend: building each message, then serialising it.
        var (compose, write) = engine.ProbeCompose(ComposeProbe);

        var rows = new[]
        {
            ("(a) Campaign dispatcher, end to end", messages, ours),
            ("(b) bare MailKit loop, same connections", messages, bare),
            ("(c) one Hangfire job per email, connect per message", naiveMessages, naive),
        };
        var bareRate = messages / bare.Elapsed.TotalSeconds;
        var oursRate = messages / ours.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"| scenario | messages | seconds | messages/s | share of (b) | CPU per message | allocated per message |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---|---:|");
        foreach (var (name, count, run) in rows)
        {
            var rate = count / run.Elapsed.TotalSeconds;
            Console.WriteLine($"| {name} | {count:N0} | {run.Elapsed.TotalSeconds:F2} | {rate:N0} | {rate / bareRate:P0} | {run.Cpu.PerMessage(count)} | {run.Allocated / count / 1024.0:N1} KB |");
        }
        Console.WriteLine();
        Console.WriteLine($"(a) is {oursRate / (naiveMessages / naive.Elapsed.TotalSeconds):N1}× (c); {engine.Settings.Smtp.MaxConnections} connections; " +
            $"(a) while warming up: {warmUp / warming.Elapsed.TotalSeconds:N0} messages/s");
        Console.WriteLine($"memory: peak working set after (a) {ours.PeakWorkingSet / 1024 / 1024:N0} MiB (whole process, PostgreSQL and sink excluded); " +
            $"managed heap after (a) and a full collection {heapAfterOurs / 1024 / 1024:N0} MiB");
        Console.WriteLine($"CPU per message outside the engine: composing {compose.TotalMicroseconds / ComposeProbe:N0} µs, serialising {write.TotalMicroseconds / ComposeProbe:N0} µs");
    }

    /// <summary>What stays reachable once everything sent is garbage: it must not grow with the messages sent.</summary>
    private static long HeapAfterFullCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetGCMemoryInfo().HeapSizeBytes;
    }

    /// <summary>One timed run: how long, the CPU each process spent, and what this process allocated.</summary>
    private sealed record Run(TimeSpan Elapsed, long PeakWorkingSet, CpuUse Cpu, long Allocated);

    private static async Task<Run> MeasureAsync(Func<Task> run)
    {
        GC.Collect();
        var cpu = CpuUse.Now();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await run();
        clock.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return new Run(clock.Elapsed, self.PeakWorkingSet64, CpuUse.Now().Since(cpu), GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }
}

/// <summary>A folder under /tmp that the benchmark's PostgreSQL may use and that is removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"campaign-bench-{Guid.NewGuid():N}")).FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
