using Campaign.Core.Deliverability;
using Campaign.Core.Outbox;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using MimeKit;
using MimeKit.Cryptography;

namespace Campaign.Tests.Deliverability;

/// <summary>
/// Issue 12, point 1: every kind of message of every shipped campaign, in each of its languages (English,
/// Korean, Chinese, Lao), signed by the service's signer and read back from its bytes as a receiving server
/// reads them, verifies against the published key — over the headers RFC 8058 asks to be covered.
/// </summary>
public sealed class ShippedMailSignatureTests
{
    [Fact]
    public void EveryShippedMessage_InEveryLanguage_VerifiesAgainstThePublishedKey()
    {
        var root = RepositoryRoot.Find();
        var settings = ServiceSettings.Read(new ConfigurationBuilder().Build(), root);
        var shipped = ServiceInstance.LoadCampaigns(Path.Combine(root, "campaigns"));
        using var signer = new MailSigner(MailSigner.GenerateKey(), settings.Mail.FromDomain(), settings.Mail.Dkim.Selector);
        var verifier = new DkimVerifier(new PublishedKey(signer));

        var mail = ShippedMail.All(shipped, settings).ToList();
        var failures = new List<string>();
        foreach (var shippedMessage in mail)
        {
            var message = shippedMessage.Message;
            signer.Sign(message);
            var received = RoundTrip(message);
            var signature = received.Headers[received.Headers.IndexOf(HeaderId.DkimSignature)];
            if (!verifier.Verify(received, signature)) failures.Add($"{shippedMessage.Preview}: does not verify");
            var covered = Tag(signature.Value, "h").Split(':').Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
            var expected = new[] { "from", "to", "subject", "date", "message-id", "mime-version", "content-type" }
                .Concat(shippedMessage.Kind is MessageKind.Confirmation ? ["list-unsubscribe", "list-unsubscribe-post", "auto-submitted"] : [])
                .Concat(shippedMessage.Kind is MessageKind.Notice ? ["auto-submitted"] : [])
                .Concat(shippedMessage.Kind is MessageKind.Update ? ["list-unsubscribe", "list-unsubscribe-post", "list-id"] : []);
            failures.AddRange(expected.Where(h => !covered.Contains(h)).Select(h => $"{shippedMessage.Preview}: {h} is not signed"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Every kind in every language of the shipped campaigns was in the run, the four scripts among them.
        Assert.Equal(MessageKind.All.Order(), mail.Select(m => m.Kind).Distinct().Order());
        Assert.Equal(["en", "ko", "lo", "zh"], mail.Select(m => m.Language).Distinct().Order());
    }

    /// <summary>The message as bytes on the wire (CRLF line ends), parsed again as the receiving server does.</summary>
    private static MimeMessage RoundTrip(MimeMessage message)
    {
        var wire = FormatOptions.Default.Clone();
        wire.NewLineFormat = NewLineFormat.Dos;
        using var bytes = new MemoryStream();
        message.WriteTo(wire, bytes);
        bytes.Position = 0;
        return MimeMessage.Load(bytes);
    }

    private static string Tag(string signature, string name) =>
        signature.Replace("\r\n", "", StringComparison.Ordinal).Split(';').Select(t => t.Trim())
            .Single(t => t.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
}
