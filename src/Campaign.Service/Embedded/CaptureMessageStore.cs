using System.Buffers;
using Microsoft.Extensions.Logging;
using Campaign.Service.Inbound;
using SmtpServer.Mail;
using SmtpServer.Storage;
using SmtpServer;
using SmtpReplyCode = SmtpServer.Protocol.SmtpReplyCode;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace Campaign.Service.Embedded;

/// <summary>Hands every accepted message to the capture callback; a failing callback means "try again later".</summary>
internal sealed partial class CaptureMessageStore(
    Func<CapturedMail, CancellationToken, Task> onMessage, TimeProvider clock, ILogger logger) : MessageStore
{
    // 451: local error in processing. A 4xx reply makes the sender keep the message and retry.
    private static readonly SmtpResponse TryAgainLater = new((SmtpReplyCode)451, "4.3.0 Message not stored, try again later");

    public override async Task<SmtpResponse> SaveAsync(
        ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var mail = new CapturedMail(
            Address(transaction.From),
            transaction.To.Select(Address).ToArray(),
            // With the CRLF that ends its last line: the captured copy hashes to what the delivery ledger says was sent.
            InboundMessageStore.AsSent(buffer),
            clock.GetUtcNow());
        try
        {
            await onMessage(mail, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogHandlerFailed(ex, mail.Raw.Length);
            return TryAgainLater;
        }

        LogCaptured(mail.Raw.Length, mail.Recipients.Count);
        return SmtpResponse.Ok;
    }

    // The null reverse-path (MAIL FROM:<>, used by bounces) has neither user nor host.
    private static string Address(IMailbox? mailbox) =>
        mailbox is null || (string.IsNullOrEmpty(mailbox.User) && string.IsNullOrEmpty(mailbox.Host)) ? string.Empty : mailbox.AsAddress();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Captured a message of {Bytes} bytes for {RecipientCount} recipient(s)")]
    private partial void LogCaptured(int bytes, int recipientCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Capture handler failed for a message of {Bytes} bytes; answered 451 so the sender retries")]
    private partial void LogHandlerFailed(Exception exception, int bytes);
}
