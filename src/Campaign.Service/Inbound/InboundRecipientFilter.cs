using System.Net;
using Campaign.Core.Inbound;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Campaign.Service.Inbound;

/// <summary>
/// Decides at MAIL and RCPT, before any message text is sent: the client's allowance per minute, and only our
/// own bounce and reply addresses as recipients. Refusing at RCPT (not after DATA) is what keeps the listener
/// from being a relay or a backscatter source: the sending server keeps the message and reports it itself.
/// </summary>
internal sealed partial class InboundRecipientFilter(InboundAddresses addresses, InboundRateLimit rateLimit, ILogger logger) : IMailboxFilter
{
    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        // SmtpServer has already refused a declared SIZE above the limit. Each MAIL starts a message, so the
        // allowance is taken here, before the client sends anything large.
        if (!rateLimit.TryTake(ClientAddress(context)))
        {
            LogTooManyMessages(logger);
            throw new SmtpResponseException(InboundReplies.TooManyMessages);
        }

        return Task.FromResult(true);
    }

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        if (!addresses.IsOurs(to.AsAddress()))
        {
            // Which address was tried stays out of the log: it may be a supporter's.
            LogRefusedRecipient(logger);
            throw new SmtpResponseException(InboundReplies.NotOurs);
        }

        return Task.FromResult(true);
    }

    private static IPAddress ClientAddress(ISessionContext context) =>
        context.Properties.TryGetValue(EndpointListener.RemoteEndPointKey, out var endpoint) && endpoint is IPEndPoint ip
            ? ip.Address
            : IPAddress.None;

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound SMTP: refused a recipient that is not one of our addresses (550)")]
    private static partial void LogRefusedRecipient(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound SMTP: a client sent more than its allowance of messages per minute (451)")]
    private static partial void LogTooManyMessages(ILogger logger);
}
