using System.Security.Cryptography;
using System.Text;
using Campaign.Core.Outbox;
using MimeKit;
using MimeKit.Cryptography;

namespace Campaign.Tests.Deliverability;

/// <summary>
/// A copy of a composed message with what the sending side adds on its way out (issue 12): a DKIM signature
/// for the From domain, <c>Auto-Submitted: auto-generated</c> on confirmations and notices, and a
/// <c>Feedback-ID</c> per campaign and kind. A header the composer already sets is left as it is; the copy gets a Message-ID of its own.
/// </summary>
public static class AsSent
{
    private static readonly Lazy<string> Key = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportRSAPrivateKeyPem();
    });

    private static readonly string[] SignedHeaders =
    [
        "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
        "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted", "Feedback-ID",
    ];

    public static MimeMessage Of(ShippedMessage shipped)
    {
        using var buffer = new MemoryStream();
        shipped.Message.WriteTo(buffer);
        buffer.Position = 0;
        var copy = MimeMessage.Load(buffer);
        // Its own Message-ID, as another message: it is scored next to the message it was copied from.
        copy.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(copy.From.Mailboxes.First().Domain);
        if (shipped.Kind is MessageKind.Confirmation or MessageKind.Notice && !copy.Headers.Contains("Auto-Submitted"))
            copy.Headers.Add("Auto-Submitted", "auto-generated");
        if (!copy.Headers.Contains("Feedback-ID")) copy.Headers.Add("Feedback-ID", $"{shipped.Campaign}:{shipped.Kind}:campaign");
        if (!copy.Headers.Contains(HeaderId.DkimSignature))
        {
            var domain = copy.From.Mailboxes.First().Domain;
            using var pem = new MemoryStream(Encoding.ASCII.GetBytes(Key.Value));
            var signer = new DkimSigner(pem, domain, "campaign")
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
            signer.Sign(copy, SignedHeaders.Where(copy.Headers.Contains).ToList());
        }
        return copy;
    }
}
