using Campaign.Core.Deliverability;
using Campaign.Service.Embedded;
using Campaign.Tests.Disclosure;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Cryptography;

namespace Campaign.Tests.Sending;

/// <summary>
/// What a receiving mail server sees: every message DKIM-signed for the From domain over the headers RFC 8058
/// asks for, and an envelope sender of its own that leads back to its row.
/// </summary>
public sealed class DkimSigningTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task ConfirmationAndLetters_AsTheRelayReceivedThem_VerifyAgainstThePublishedKey()
    {
        const string email = "dkim-reader@supporters.example";
        var letters = await SignedLetters.SignAndSendAsync(service, TestCampaigns.Letter, email, ServiceFixture.Signer(email, locale: "ko"));
        var confirmation = service.Mailbox.Received.Single(m => m.Recipients.Contains(email));

        var parsed = AssertVerifies(confirmation);
        Assert.Equal("auto-generated", parsed.Headers[HeaderId.AutoSubmitted]);
        Assert.Equal($"{TestCampaigns.Letter}:confirmation:campaign:campaign.example", parsed.Headers["Feedback-ID"]);
        var signedHeaders = SignedHeaderNames(parsed);
        foreach (var header in new[] { "from", "to", "subject", "date", "message-id", "mime-version", "content-type", "list-unsubscribe", "list-unsubscribe-post" })
            Assert.Contains(header, signedHeaders);
        await AssertReturnPathNamesTheRowAsync(confirmation, parsed);

        Assert.Equal(2, letters.Count); // one in English, one in Korean
        foreach (var letter in letters)
        {
            var letterMessage = AssertVerifies(letter);
            Assert.False(letterMessage.Headers.Contains(HeaderId.AutoSubmitted), "a supporter's letter is not marked as automatic mail");
            await AssertReturnPathNamesTheRowAsync(letter, letterMessage);
        }
    }

    [Fact]
    public async Task AChangedSubject_NoLongerVerifies()
    {
        const string email = "dkim-tamper@supporters.example";
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(email));
        var confirmation = await service.Mailbox.WaitForAsync(m => m.Recipients.Contains(email), TimeSpan.FromSeconds(15));
        var message = TestMailbox.Parse(confirmation);

        message.Subject = "Something else entirely";

        Assert.False(Verifier().Verify(message, message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)]));
    }

    private MimeMessage AssertVerifies(CapturedMail mail)
    {
        var message = TestMailbox.Parse(mail);
        var index = message.Headers.IndexOf(HeaderId.DkimSignature);
        Assert.True(index >= 0, "the message carries a DKIM-Signature");
        var signature = message.Headers[index];
        Assert.Contains("a=rsa-sha256", signature.Value.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("c=relaxed/relaxed", signature.Value.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("d=campaign.example", signature.Value.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(Verifier().Verify(message, signature), $"the DKIM signature of '{message.Subject}' verifies");
        return message;
    }

    private DkimVerifier Verifier() => new(new PublishedKey(service.Service.Services.GetRequiredService<MailSigner>()));

    private static string[] SignedHeaderNames(MimeMessage message)
    {
        var value = message.Headers[HeaderId.DkimSignature]!.Replace(" ", "", StringComparison.Ordinal).Replace("\r\n", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal);
        var h = value.Split(';').Single(tag => tag.StartsWith("h=", StringComparison.Ordinal))[2..];
        return h.ToLowerInvariant().Split(':');
    }

    private async Task AssertReturnPathNamesTheRowAsync(CapturedMail mail, MimeMessage message)
    {
        var returnPath = service.Service.Services.GetRequiredService<ReturnPath>();
        Assert.StartsWith("bounces+", mail.MailFrom, StringComparison.Ordinal);
        Assert.True(returnPath.TryRead(mail.MailFrom, out var id), $"{mail.MailFrom} is one of our bounce addresses");
        var messageId = await service.QueryScalarAsync<string>("select message_id from messages where id = @id", new { id });
        Assert.Equal(message.MessageId, messageId);
    }
}
