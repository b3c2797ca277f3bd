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
        // SmtpServer stops reading past the limit; this holds should that ever change.
        if (buffer.Length > maxMessageBytes) return InboundReplies.TooLarge;

        var recipients = transaction.To.Select(to => to.AsAddress()).ToArray();
        try
        {
            await mailbox.AcceptAsync(buffer.ToArray(), recipients, Source, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNotStored(logger, buffer.Length, e.GetType().Name);
            return InboundReplies.NotStored;
        }

        return SmtpResponse.Ok;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound SMTP: a message of {Bytes} bytes could not be stored ({Failure}); answered 451 so the sender retries")]
    private static partial void LogNotStored(ILogger logger, long bytes, string failure);
}
