using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Campaign.Benchmarks;

/// <summary>Debian's <c>wrk</c> load generator (installed if missing), and what its report says.</summary>
public static partial class Wrk
{
    public sealed record Run(double PerSecond, string P50, string P99, string Max, long Failed, long TimedOut, string Output)
    {
        /// <summary>A number the run's Lua script printed as <c>name value</c> (the sign script's answers).</summary>
        public long Printed(string name) => Regex.Match(Output, $@"^{name} (\d+)$", RegexOptions.Multiline) is { Success: true } found
            ? long.Parse(found.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    public static async Task EnsureInstalledAsync()
    {
        if (File.Exists("/usr/bin/wrk")) return;
        Console.WriteLine("installing wrk from Debian");
        await RunAsync("apt-get", ["update", "-q"]);
        await RunAsync("apt-get", ["install", "-y", "-q", "--no-install-recommends", "wrk"]);
    }

    /// <param name="script">A Lua script, or null for plain GETs; <paramref name="scriptArguments"/> follow <c>--</c>.</param>
    /// <param name="environment">Variables the script reads (the sign script's pacing).</param>
    public static async Task<Run> RunAsync(string url, int seconds, int connections, string? header = null, string? script = null,
        string[]? scriptArguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        scriptArguments ??= [];
        var arguments = new List<string> { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", "2s" };
        if (header is not null) arguments.AddRange(["-H", header]);
        if (script is not null) arguments.AddRange(["-s", script]);
        arguments.Add(url);
        if (scriptArguments.Length > 0) arguments.AddRange(["--", .. scriptArguments]);
        var output = await RunAsync("wrk", arguments, environment);
        string Latency(string percentile) => Regex.Match(output, $@"^\s*{percentile}%\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;
        long Number(string pattern) => Regex.Match(output, pattern) is { Success: true } found
            ? long.Parse(found.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new Run(double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Latency("50"), Latency("99"), MaxLatency().Match(output).Groups[1].Value,
            Number(@"Non-2xx or 3xx responses:\s+(\d+)"), Number(@"timeout (\d+)"), output);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    // "Latency   1.23ms    2.34ms  56.78ms   90.00%": mean, deviation, max.
    [GeneratedRegex(@"^\s*Latency\s+\S+\s+\S+\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex MaxLatency();

    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {await errors}");
        return await output;
    }
}
