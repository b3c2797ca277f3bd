using System.Diagnostics;
using Campaign.Service.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace Campaign.Benchmarks;

/// <summary>
/// The SMTP server every scenario sends to: Postfix's smtp-sink where it is installed (a real, fast MTA
/// front end that discards), else our in-process capture server with a handler that keeps nothing.
/// </summary>
public sealed class Sink : IAsyncDisposable
{
    private readonly Process? smtpSink;
    private readonly CaptureSmtpServer? capture;

    private Sink(int port, string name, Process? smtpSink, CaptureSmtpServer? capture)
    {
        Port = port;
        Name = name;
        this.smtpSink = smtpSink;
        this.capture = capture;
    }

    public int Port { get; }
    public string Name { get; }

    public static async Task<Sink> StartAsync(bool preferPostfix)
    {
        const string postfixSink = "/usr/sbin/smtp-sink";
        var port = LoopbackPort.FindFree();
        if (preferPostfix && File.Exists(postfixSink))
        {
            // -u: the unprivileged user smtp-sink switches to; 1024: its listen backlog. No -c: its running
            // counter would fill an unread pipe and stall the sink.
            var info = new ProcessStartInfo(postfixSink) { UseShellExecute = false };
            foreach (var a in new[] { "-u", "nobody", $"127.0.0.1:{port}", "1024" }) info.ArgumentList.Add(a);
            var process = Process.Start(info)!;
            await WaitForPortAsync(port);
            return new Sink(port, "Postfix smtp-sink", process, null);
        }
        var server = await CaptureSmtpServer.StartAsync(port, (_, _) => Task.CompletedTask, NullLogger.Instance, CancellationToken.None);
        return new Sink(port, "in-process capture server", null, server);
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"smtp-sink did not listen on {port}");
    }

    public async ValueTask DisposeAsync()
    {
        if (smtpSink is { HasExited: false })
        {
            smtpSink.Kill();
            await smtpSink.WaitForExitAsync();
        }
        smtpSink?.Dispose();
        if (capture is not null) await capture.DisposeAsync();
    }
}
