using System.Net;
using System.Net.Sockets;
using Campaign.Core.Inbound;
using Campaign.Core.Outbox;
using Campaign.Service.Hosting;
using Microsoft.Extensions.Options;
using SmtpServer;

namespace Campaign.Service.Inbound;

/// <summary>
/// The service's own SMTP listener for mail coming back: bounces to the <c>bounces+…@</c> addresses and
/// replies to the campaign address, nothing else (see <see cref="InboundRecipientFilter"/>). It advertises
/// SIZE and refuses larger mail, limits each client's rate, and stores through <see cref="InboundMailbox"/>.
/// Runs as a hosted service in the processes that do background work.
/// </summary>
public sealed partial class InboundSmtpListener(
    InboundMailbox mailbox, InboundAddresses addresses, IOptions<InboundOptions> inbound, IOptions<MailOptions> mail,
    IConfiguration configuration, ILogger<InboundSmtpListener> logger) : IHostedService, IAsyncDisposable
{
    // Room past the limit for the end of the message and commands sent with it, so that a message just over
    // the limit is read to its end and answered 552 by InboundMessageStore, not cut off mid-way.
    private const int CapMargin = 64 * 1024;

    private readonly InboundRateLimit rateLimit = new(inbound.Value.MessagesPerMinutePerClient);
    private CancellationTokenSource? stopping;
    private Task? running;

    /// <summary>The port the listener accepts connections on; 0 while it is not listening (or is off).</summary>
    public int Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Endpoint() is not { } endpoint)
        {
            return;
        }

        var options = new SmtpServerOptionsBuilder()
            .ServerName(mail.Value.ReturnDomain())
            // Advertises SIZE and refuses a larger declared SIZE at MAIL; an undeclared one is refused after
            // DATA by InboundMessageStore, or cut off by SizeCappedPipe once it runs well past the limit.
            .MaxMessageSize(inbound.Value.MaxMessageBytes, MaxMessageSizeHandling.Ignore)
            .Endpoint(builder => builder.Endpoint(endpoint).IsSecure(false).AuthenticationRequired(false))
            .Build();

        var listeners = new InboundEndpointListenerFactory(inbound.Value.MaxMessageBytes + CapMargin);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new InboundRecipientFilter(addresses, rateLimit, logger));
        services.Add(new InboundMessageStore(mailbox, inbound.Value.MaxMessageBytes, logger));

        var server = new SmtpServer.SmtpServer(options, services);
        // The type only: a parser's message may quote the client's command, addresses and all.
        server.SessionFaulted += (_, e) => LogSessionFaulted(logger, e.Exception.GetType().Name);
        stopping = new CancellationTokenSource();

        // SmtpServer's StartAsync completes only when it stops, and does not say which port it bound: the
        // listener factory reports the bound socket instead.
        running = Task.Run(() => server.StartAsync(stopping.Token), CancellationToken.None);
        var first = await Task.WhenAny(listeners.Bound, running).WaitAsync(cancellationToken);
        try
        {
            if (first == running) await running;
            Port = (await listeners.Bound.WaitAsync(TimeSpan.Zero, cancellationToken)).Port;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            await StopAsync(cancellationToken);
            var reason = e is SocketException socket ? socket.SocketErrorCode.ToString() : "it stopped before listening";
            throw new StartupException($"Inbound:Port: cannot listen for mail on {endpoint} ({reason})");
        }

        LogListening(logger, endpoint.Address.ToString(), Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (stopping is null || running is null)
        {
            return;
        }

        // Cancelling (rather than SmtpServer's Shutdown) also ends sessions a client keeps open.
        await stopping.CancelAsync();
        try
        {
            await running.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // Stopped, or it never listened (StartAsync reported that).
        }

        Port = 0;
        stopping.Dispose();
        stopping = null;
        running = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        rateLimit.Dispose();
    }

    /// <summary>
    /// <c>Inbound:Address:Inbound:Port</c> when a port is set; with none, a free loopback port in embedded mode
    /// (no relay configured, so mail stays on this machine), otherwise no listener at all.
    /// </summary>
    private IPEndPoint? Endpoint()
    {
        var options = inbound.Value;
        if (options.Port > 0)
        {
            return new IPEndPoint(IPAddress.Parse(options.Address), options.Port);
        }

        // The settings object already names the capture server as the relay by now; the configuration still
        // says whether an operator configured one.
        return string.IsNullOrWhiteSpace(configuration["Smtp:Host"]) ? new IPEndPoint(IPAddress.Loopback, 0) : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound SMTP: a session ended with {Failure}")]
    private static partial void LogSessionFaulted(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound SMTP listener for bounces and replies on {Address}:{Port}")]
    private static partial void LogListening(ILogger logger, string address, int port);
}
