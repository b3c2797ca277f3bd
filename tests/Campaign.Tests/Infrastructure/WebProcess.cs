using System.Collections.Concurrent;
using System.Diagnostics;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// The web front as a real operating-system process (<c>dotnet Campaign.Service.dll --role web</c>) on a fixture's
/// database, answering on <c>127.0.0.1:{port}</c> once <c>/alive</c> does: a test can kill it with SIGKILL in the
/// middle of a surge and start it again on the same port, as a supervisor restarts a crashed service.
/// </summary>
public sealed class WebProcess : IDisposable
{
    private readonly Process process;

    // The last lines the process wrote, for the message of a start that failed (the service logs no personal data).
    private readonly ConcurrentQueue<string> lastLines = new();

    private WebProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts the web front on <paramref name="port"/> and returns once it answers <c>/alive</c>.</summary>
    public static async Task<WebProcess> StartAsync(ServiceFixture service, int port, TimeSpan patience)
    {
        var site = new Uri($"http://127.0.0.1:{port}");
        var web = new WebProcess(WorkerProcess.Launch(service, "web",
            [$"--urls={site}", $"--App:PublicBaseUrl={site}", .. OneClient.ManySupporters]), site);
        try
        {
            await web.WaitUntilAliveAsync(patience);
            return web;
        }
        catch
        {
            web.Dispose();
            throw;
        }
    }

    private async Task WaitUntilAliveAsync(TimeSpan patience)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the web process exited with {process.ExitCode} before answering /alive:\n{string.Join('\n', lastLines)}");
            try
            {
                if ((await http.GetAsync("/alive")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the web process did not answer /alive within {patience}:\n{string.Join('\n', lastLines)}");
            await Task.Delay(50);
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lastLines.Enqueue(line);
        while (lastLines.Count > 20) lastLines.TryDequeue(out _);
    }

    /// <summary>The exit code, once exited: 137 (128 + 9) after SIGKILL.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>SIGKILL: no shutdown code runs, no queued signature is drained, exactly as when the machine loses power.</summary>
    public void Kill()
    {
        // The process alone, at once: with a database given it starts no child, and walking the process tree first
        // would give the requests in flight time to be answered.
        process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }
}
