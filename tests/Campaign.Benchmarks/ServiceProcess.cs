using System.Diagnostics;
using Campaign.Core.Privacy;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;

namespace Campaign.Benchmarks;

/// <summary>
/// The service as a user runs it: its own operating-system process (<c>dotnet Campaign.Service.dll</c>, built
/// in the benchmark's configuration), started cold, on the repository's campaign files, with the logging of
/// <c>appsettings.json</c>. Only the limits that would refuse one load generator on one address are lifted.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0123456789abcdef-0123";

    private readonly Process process;

    private ServiceProcess(Process process, string site, TimeSpan startedIn)
    {
        this.process = process;
        Site = site;
        StartedIn = startedIn;
    }

    /// <summary>The service's address, e.g. <c>http://127.0.0.1:5123</c>.</summary>
    public string Site { get; }

    /// <summary>From starting the process to its first <c>200</c> on <c>/alive</c>.</summary>
    public TimeSpan StartedIn { get; }

    public int Id => process.Id;

    /// <summary>The settings every run of one benchmark shares: its database, data folder and keys.</summary>
    public sealed record Setup(string ConnectionString, string DataDirectory, int? SinkPort)
    {
        public string DataKey { get; } = MasterKey.Generate().Text;
    }

    public static async Task<ServiceProcess> StartAsync(Setup setup, string role, params string[] extra)
    {
        var port = Campaign.Service.Embedded.LoopbackPort.FindFree();
        var site = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Find(),
        };
        IEnumerable<string> arguments =
        [
            ServiceDll, "--role", role, $"--urls={site}", $"--App:PublicBaseUrl={site}",
            $"--ConnectionStrings:Campaign={setup.ConnectionString}",
            $"--Campaigns:Directory={Path.Combine(RepositoryRoot.Find(), "campaigns")}",
            $"--Data:Directory={setup.DataDirectory}", $"--Privacy:DataKey={setup.DataKey}", $"--Admin:ApiKey={AdminKey}",
            .. setup.SinkPort is { } sink ? ["--Smtp:Host=127.0.0.1", $"--Smtp:Port={sink}", "--Smtp:Security=None"] : Array.Empty<string>(),
            .. OneClient.ManySupporters, .. extra,
        ];
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        // Read, as a terminal or journald would: a service whose log nobody drains would stall on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A worker serves /alive only on a port of its own choosing: it is started, not awaited.
        if (role == "worker") return new ServiceProcess(process, site, clock.Elapsed);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the service ({role}) exited with {process.ExitCode} before answering /alive");
            try
            {
                if ((await http.GetAsync(site + "/alive")).IsSuccessStatusCode) break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(20);
        }
        return new ServiceProcess(process, site, clock.Elapsed);
    }

    private static string ServiceDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(RepositoryRoot.Find(), "src", "Campaign.Service", "bin", configuration, "net10.0", "Campaign.Service.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the service first: {dll} is missing", dll);
        }
    }

    /// <summary>SIGTERM, as systemd stops a service, and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
