using System.Net;
using Microsoft.Extensions.Logging;
using SmtpServer;

namespace Campaign.Service.Embedded;

/// <summary>
/// A real SMTP server on 127.0.0.1 that accepts every message (no TLS, no auth, any sender or recipient)
/// and hands it to a callback. The service sends through it with its production SMTP code when no relay
/// is configured, and the tests use it as the far end of every email.
/// </summary>
public sealed partial class CaptureSmtpServer : IAsyncDisposable
{
    private const int MaxMessageBytes = 25 * 1024 * 1024;

    // Senders keep one connection open across many messages and pauses; SmtpServer's default is 2 minutes.
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromMinutes(10);

    private readonly CancellationTokenSource stopping;
    private readonly Task running;
    private readonly ILogger logger;
    private int stopped;

    private CaptureSmtpServer(int port, CancellationTokenSource stopping, Task running, ILogger logger)
    {
        Port = port;
        this.stopping = stopping;
        this.running = running;
        this.logger = logger;
    }

    /// <summary>The TCP port on 127.0.0.1 the server listens on.</summary>
    public int Port { get; }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 picks a free port) and returns once connections are accepted.</summary>
    public static Task<CaptureSmtpServer> StartAsync(
        int port, Func<CapturedMail, CancellationToken, Task> onMessage, ILogger logger, CancellationToken ct) =>
        StartAsync(port, onMessage, TimeProvider.System, logger, ct);

    public static async Task<CaptureSmtpServer> StartAsync(
        int port, Func<CapturedMail, CancellationToken, Task> onMessage, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .MaxMessageSize(MaxMessageBytes, MaxMessageSizeHandling.Strict)
            .Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, port))
                .IsSecure(false)
                .AuthenticationRequired(false)
                .SessionTimeout(SessionTimeout))
            .Build();

        var listeners = new NoDelayEndpointListenerFactory();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new CaptureMessageStore(onMessage, clock, logger));

        var server = new SmtpServer.SmtpServer(options, services);
        var stopping = new CancellationTokenSource();

        // SmtpServer's StartAsync only completes when the server stops, so it runs in the background and we
        // wait for the listener factory to report the bound socket instead.
        var running = Task.Run(() => server.StartAsync(stopping.Token), CancellationToken.None);
        var first = await Task.WhenAny(listeners.Bound, running).WaitAsync(ct);
        if (first == running || listeners.Bound.IsFaulted)
        {
            stopping.Dispose();
            await running;
            await listeners.Bound;
            throw new InvalidOperationException("The capture SMTP server stopped before it started listening.");
        }

        var bound = await listeners.Bound;
        LogListening(logger, bound.Port);
        return new CaptureSmtpServer(bound.Port, stopping, running, logger);
    }

    /// <summary>Stops listening, ends open sessions and waits for the server to finish.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        // Cancelling (rather than SmtpServer.Shutdown) also ends idle sessions a client keeps open.
        await stopping.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
        LogStopped(logger, Port);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Capture SMTP server listening on 127.0.0.1:{Port}")]
    private static partial void LogListening(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Capture SMTP server on port {Port} stopped")]
    private static partial void LogStopped(ILogger logger, int port);
}
