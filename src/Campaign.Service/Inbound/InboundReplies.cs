using SmtpReplyCode = SmtpServer.Protocol.SmtpReplyCode;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace Campaign.Service.Inbound;

/// <summary>
/// What the inbound listener answers when it says no. A 5xx tells the sending server to give up (and bounce
/// to its own sender); a 4xx tells it to keep the message and try again later, so nothing is lost.
/// </summary>
internal static class InboundReplies
{
    /// <summary>An address that is not one of ours: never relayed, never stored.</summary>
    public static readonly SmtpResponse NotOurs = new((SmtpReplyCode)550, "5.7.1 Relaying denied: no such address here");

    public static readonly SmtpResponse TooLarge = new((SmtpReplyCode)552, "5.3.4 Message too big");

    public static readonly SmtpResponse TooManyMessages = new((SmtpReplyCode)451, "4.7.1 Too many messages from your address; try again later");

    /// <summary>The message could not be stored (the database is away): the sender must retry.</summary>
    public static readonly SmtpResponse NotStored = new((SmtpReplyCode)451, "4.3.0 Message not stored; try again later");
}
