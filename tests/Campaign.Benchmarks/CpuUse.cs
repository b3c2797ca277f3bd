using System.Diagnostics;
using System.Globalization;

namespace Campaign.Benchmarks;

/// <summary>
/// CPU time spent by this process, by PostgreSQL and by the SMTP sink, read from /proc (Linux). On a
/// 2-core machine the three share the cores, so what one spends per message the others cannot.
/// </summary>
public readonly record struct CpuUse(TimeSpan Ours, TimeSpan Postgres, TimeSpan Sink)
{
    // USER_HZ: /proc/[pid]/stat counts in hundredths of a second on every Linux we run on.
    private const double TicksPerSecond = 100;

    public static CpuUse Now()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuUse(self.TotalProcessorTime, ProcessesNamed("postgres"), ProcessesNamed("smtp-sink"));
    }

    public CpuUse Since(CpuUse start) => new(Ours - start.Ours, Postgres - start.Postgres, Sink - start.Sink);

    public string PerMessage(int messages) =>
        $"{Micro(Ours, messages)} µs ours, {Micro(Postgres, messages)} µs PostgreSQL, {Micro(Sink, messages)} µs relay";

    private static string Micro(TimeSpan time, int messages) => (time.TotalMicroseconds / messages).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>User and system time of every live process with that name (a backend that exits takes its share along).</summary>
    private static TimeSpan ProcessesNamed(string name)
    {
        if (!Directory.Exists("/proc")) return TimeSpan.Zero;
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!long.TryParse(Path.GetFileName(directory), out _)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(directory, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // "pid (comm) state ppid ...": the name sits in parentheses; utime and stime are fields 14 and 15.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open || stat[(open + 1)..close] != name) continue;
            var fields = stat[(close + 2)..].Split(' ');
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
