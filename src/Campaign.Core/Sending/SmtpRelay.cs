using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Core.Sending;

/// <summary>
/// One connection to the relay, reused for many messages (MailKit's advice). Not thread-safe by design:
/// each dispatcher lane owns one. It classifies every failure so the outbox can decide what happens next.
/// </summary>
public sealed class SmtpRelay(IOptions<SmtpOptions> options) : IAsyncDisposable
{
    // Reconnecting now and then keeps one long session from hitting a relay's per-connection limits.
    private const int MessagesPerConnection = 1_000;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(60);

    private readonly SmtpClient client = new() { Timeout = (int)AttemptTimeout.TotalMilliseconds };
    private int sentOnConnection;

    public async Task<SendResult> SendAsync(MimeMessage message, MailboxAddress sender, IEnumerable<MailboxAddress> recipients, CancellationToken cancellationToken)
    {
        var progress = new DataProgress();
        try
        {
            await EnsureConnectedAsync(cancellationToken);
            await client.SendAsync(message, sender, recipients, cancellationToken, progress);
            sentOnConnection++;
            return SendResult.Sent;
        }
        catch (SmtpCommandException e)
        {
            // The relay answered: the session is still usable unless it said 421 (closing).
            if ((int)e.StatusCode == 421) await DropAsync();
            var error = $"{(int)e.StatusCode} {e.Message.Trim()}";
            return (int)e.StatusCode >= 500 ? new SendResult(SendVerdict.Permanent, error) : new SendResult(SendVerdict.Transient, error);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or TimeoutException or OperationCanceledException or ServiceNotConnectedException or SslHandshakeException)
        {
            await DropAsync();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
            // Every byte of the message went out and no reply came: the relay may have taken it.
            return progress.AllDataWritten
                ? new SendResult(SendVerdict.Unknown, $"connection lost after the message data was sent: {e.Message}")
                : new SendResult(SendVerdict.Transient, $"connection failed: {e.Message}");
        }
    }

    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (client.IsConnected && sentOnConnection >= MessagesPerConnection) await DropAsync();
        if (client.IsConnected) return;
        var settings = options.Value;
        var security = settings.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(settings.Host ?? throw new InvalidOperationException("Smtp:Host is not set"), settings.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.Username))
            await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
        sentOnConnection = 0;
    }

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

    /// <summary>MailKit reports the DATA bytes it writes; all of them written means the relay may have the message.</summary>
    private sealed class DataProgress : ITransferProgress
    {
        public bool AllDataWritten { get; private set; }

        public void Report(long bytesTransferred, long totalSize) => AllDataWritten = bytesTransferred >= totalSize;

        public void Report(long bytesTransferred) { }
    }
}
