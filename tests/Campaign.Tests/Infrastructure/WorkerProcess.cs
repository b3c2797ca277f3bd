using System.Diagnostics;
using Campaign.Service.Hosting;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// The service as a real operating-system process (<c>dotnet Campaign.Service.dll --role worker</c>), so a
/// test can run several workers side by side or kill one with SIGKILL in the middle of its work.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output;

    private WorkerProcess(Process process, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        this.process = process;
        this.output = output;
    }

    /// <summary>What the process wrote to standard output so far, a line each.</summary>
    public IReadOnlyList<string> Output => [.. output];

    public bool HasExited => process.HasExited;

    /// <summary>The service's executable, built by the same solution build as the tests, in the same configuration.</summary>
    public static string ServiceDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(RepositoryRoot.Find(), "src", "Campaign.Service", "bin", configuration, "net10.0", "Campaign.Service.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the solution first: {dll} is missing", dll);
        }
    }

    public static WorkerProcess Start(ServiceFixture service, params string[] extraSettings)
    {
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        return new(Launch(service, "worker", extraSettings, output.Enqueue), output);
    }

    /// <summary>
    /// <c>dotnet Campaign.Service.dll --role {role}</c> on the fixture's database, campaign files, relay and keys, so
    /// any process started here reads and seals exactly what the fixture's own service does.
    /// </summary>
    internal static Process Launch(ServiceFixture service, string role, IEnumerable<string> extraSettings, Action<string>? onOutput = null)
    {
        var dll = ServiceDll;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            dll, "--role", role,
            .. service.DatabaseSettings,
            "--Smtp:Host=127.0.0.1", $"--Smtp:Port={service.Mailbox.Port}", "--Smtp:Security=None",
            $"--Campaigns:Directory={service.CampaignsDirectory}",
            $"--Admin:ApiKey={ServiceFixture.AdminKey}",
            $"--Data:Directory={Path.GetTempPath()}",
            $"--Privacy:DataKey={service.DataKey}",
            "--Logging:LogLevel:Default=Warning",
            .. extraSettings,
        ];
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        // Drained so a chatty process never blocks on a full pipe.
        process.OutputDataReceived += (_, line) => { if (line.Data is { } data) onOutput?.Invoke(data); };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM, as systemd or a container runtime stops a service; true when it exited within <paramref name="within"/>.</summary>
    public bool Terminate(TimeSpan within)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        return process.WaitForExit(within);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly as when a machine loses power or the OOM killer strikes.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }
}
