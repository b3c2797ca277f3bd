using System.Buffers;
using Campaign.Core.Inbound;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Storage;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace Campaign.Service.Inbound;

/// <summary>
/// Hands each message the listener received to <see cref="InboundMailbox"/>, and says 250 only once it is
/// stored: if storing fails the client hears 451 and keeps the message, so mail is never acknowledged and lost.
/// </summary>
internal sealed partial class InboundMessageStore(InboundMailbox mailbox, int maxMessageBytes, ILogger logger) : MessageStore
{
    public const string Source = "smtp";

    public override async Task<SmtpResponse> SaveAsync(
        ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        // A sender that did not declare SIZE: read to the end (up to SizeCappedPipe's margin), then refused.
        if (buffer.Length > maxMessageBytes)
        {
            LogTooLarge(logger, buffer.Length);
            return InboundReplies.TooLarge;
        }

        var recipients = transaction.To.Select(to => to.AsAddress()).ToArray();
        try
        {
            await mailbox.AcceptAsync(AsSent(buffer), recipients, Source, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNotStored(logger, buffer.Length, e.GetType().Name);
            return InboundReplies.NotStored;
        }

        return SmtpResponse.Ok;
    }

    /// <summary>
    /// The message as the sender sent it: SmtpServer hands it over without the CRLF before the final dot,
    /// which belongs to the message (RFC 5321 §4.1.1.4).
    /// </summary>
    internal static byte[] AsSent(ReadOnlySequence<byte> buffer)
    {
        var raw = new byte[buffer.Length + 2];
        buffer.CopyTo(raw);
        raw[^2] = (byte)'\r';
        raw[^1] = (byte)'\n';
        return raw;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound SMTP: refused a message of {Bytes} bytes sent without SIZE, over the limit (552)")]
    private static partial void LogTooLarge(ILogger logger, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound SMTP: a message of {Bytes} bytes could not be stored ({Failure}); answered 451 so the sender retries")]
    private static partial void LogNotStored(ILogger logger, long bytes, string failure);
}
