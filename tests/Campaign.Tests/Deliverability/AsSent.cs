using Campaign.Core.Deliverability;
using MimeKit;

namespace Campaign.Tests.Deliverability;

/// <summary>
/// A copy of a composed message as the dispatcher sends it: DKIM-signed by the service's own signer (which
/// fixes 7-bit transfer encodings first). The copy gets a Message-ID of its own, since it is scored next to
/// the message it was copied from.
/// </summary>
public static class AsSent
{
    public static MimeMessage Of(ShippedMessage shipped, MailSigner signer)
    {
        using var buffer = new MemoryStream();
        shipped.Message.WriteTo(buffer);
        buffer.Position = 0;
        var copy = MimeMessage.Load(buffer);
        copy.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(copy.From.Mailboxes.First().Domain);
        signer.Sign(copy);
        return copy;
    }
}
