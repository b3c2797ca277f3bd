using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailKit;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Core.Relay;

/// <summary>
/// One connection to the relay, reused for many messages (MailKit's advice). Not thread-safe by design:
/// each dispatcher lane owns one. It classifies every failure so the outbox can decide what happens next.
/// </summary>
public sealed class SmtpRelay : IAsyncDisposable
{
    // Reconnecting now and then keeps one long session from hitting a relay's per-connection limits.
    private const int MessagesPerConnection = 1_000;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(60);

    private readonly IOptions<SmtpOptions> options;
    private readonly DataEndWatch dataEnd = new();
    private readonly SmtpClient client;
    private int sentOnConnection;

    public SmtpRelay(IOptions<SmtpOptions> options)
    {
        this.options = options;
        client = new SmtpClient(dataEnd) { Timeout = (int)AttemptTimeout.TotalMilliseconds };
    }

    public async Task<SendResult> SendAsync(MimeMessage message, MailboxAddress sender, IEnumerable<MailboxAddress> recipients, CancellationToken cancellationToken)
    {
        if (await ConnectAsync(cancellationToken) is { } down) return down;
        dataEnd.Reset();
        try
        {
            // MailKit answers with the text of the relay's final reply; its code is always 250 here.
            var reply = await client.SendAsync(message, sender, recipients, cancellationToken);
            sentOnConnection++;
            return SendResult.Accepted($"250 {reply}");
        }
        catch (SmtpCommandException e)
        {
            return await ClassifyReplyAsync(e);
        }
        catch (Exception e) when (IsConnectionFault(e))
        {
            await DropAsync();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
            // Every byte of the message went out and no reply came: the relay may have taken it.
            return dataEnd.Written
                ? new SendResult(SendVerdict.Unknown, $"connection lost after the message data was sent: {e.Message}")
                : new SendResult(SendVerdict.RelayDown, $"connection lost before the message was sent: {e.Message}");
        }
    }

    private async Task<SendResult> ClassifyReplyAsync(SmtpCommandException e)
    {
        var code = (int)e.StatusCode;
        var error = $"{code} {e.Message.Trim()}";
        if (code == 421)
        {
            // "Service not available, closing channel": the relay, not this message, is the problem.
            await DropAsync();
            return new SendResult(SendVerdict.RelayDown, error);
        }
        if (code >= 500 && e.ErrorCode == SmtpErrorCode.SenderNotAccepted)
            return new SendResult(SendVerdict.ConfigurationFault, $"the relay refuses our sender address: {error}");
        if (code >= 500) return new SendResult(SendVerdict.Permanent, error);
        return new SendResult(SendVerdict.Transient, error, RetryAfterHint.Parse(e.Message));
    }

    /// <summary>Connects if needed; a failure here says nothing about any message, so it is never charged to one.</summary>
    private async Task<SendResult?> ConnectAsync(CancellationToken cancellationToken)
    {
        if (client.IsConnected && sentOnConnection < MessagesPerConnection) return null;
        await DropAsync();
        var settings = options.Value;
        try
        {
            await client.ConnectAsync(settings.Host ?? throw new InvalidOperationException("Smtp:Host is not set"), settings.Port, Security(settings.Required), cancellationToken);
            if (settings.HasLogin)
            {
                // Settings checked at start never get here; a relay built by hand with None and a login might.
                if (!client.IsSecure) return await RefuseLoginAsync(settings, "the connection is not encrypted");
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
            }
            // With SIZE or CHUNKING, MailKit writes every message twice: once to count its bytes, once to send
            // them. Our mail is a few kilobytes; a relay that finds one too large still refuses it after DATA
            // (552), and the message fails with that reason all the same. Plain DATA also ends every message
            // with the terminator DataEndWatch looks for.
            client.Capabilities &= ~(SmtpCapabilities.Size | SmtpCapabilities.Chunking | SmtpCapabilities.BinaryMime);
            sentOnConnection = 0;
            return null;
        }
        catch (NotSupportedException e) when (settings.HasLogin)
        {
            // MailKit: the relay does not offer STARTTLS. Nothing was sent, least of all the password.
            return await RefuseLoginAsync(settings, e.Message);
        }
        catch (AuthenticationException e)
        {
            await DropAsync();
            return new SendResult(SendVerdict.ConfigurationFault, $"the relay refuses our login (Smtp:Username/Smtp:Password): {e.Message}");
        }
        catch (Exception e) when (e is SmtpCommandException || IsConnectionFault(e))
        {
            await DropAsync();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
            return new SendResult(SendVerdict.RelayDown, $"cannot reach the relay {settings.Host}:{settings.Port}: {e.Message}");
        }
    }

    private async Task<SendResult> RefuseLoginAsync(SmtpOptions settings, string why)
    {
        await DropAsync();
        return new SendResult(SendVerdict.ConfigurationFault,
            $"the relay {settings.Host}:{settings.Port} offers no TLS ({why}); with Smtp:Username set the login goes only over an encrypted connection (Smtp:Security)");
    }

    private static bool IsConnectionFault(Exception e) =>
        e is SmtpProtocolException or IOException or SocketException or TimeoutException or OperationCanceledException
            or ServiceNotConnectedException or SslHandshakeException;

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    private async Task DropAsync()
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: false);
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or ObjectDisposedException)
        {
            // Already broken: nothing more to close.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            try { await client.DisconnectAsync(quit: true); }
            catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException) { }
        }
        client.Dispose();
    }
}
