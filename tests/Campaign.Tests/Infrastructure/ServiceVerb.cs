using System.Diagnostics;

namespace Campaign.Tests.Infrastructure;

/// <summary>A verb of the service run as a user runs it, <c>dotnet Campaign.Service.dll &lt;verb&gt; ...</c>, its two streams apart as a pipe sees them.</summary>
public static class ServiceVerb
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { WorkerProcess.ServiceDll }.Concat(arguments)) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
