using Campaign.Core.Deliverability;
using Campaign.Core.Outbox;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Core.Inbound;

/// <summary>
/// The only addresses mail may come in for: a bounce address the service made for one of its messages, and
/// the campaign's own reply address. Everything else is refused at RCPT, so the listener is never a relay.
/// </summary>
public sealed class InboundAddresses(ReturnPath returnPath, IOptions<MailOptions> mail)
{
    private readonly string replyTo = mail.Value.CampaignReplyTo().Address;
    private readonly string from = MailboxAddress.Parse(mail.Value.From).Address;

    public bool IsOurs(string address) =>
        returnPath.TryRead(address, out _) || IsReplyAddress(address);

    public bool IsReplyAddress(string address) =>
        string.Equals(address, replyTo, StringComparison.OrdinalIgnoreCase) || string.Equals(address, from, StringComparison.OrdinalIgnoreCase);
}
