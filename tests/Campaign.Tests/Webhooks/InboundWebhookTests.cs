using System.Text.Json;
using Campaign.Tests.Bounces;
using Campaign.Tests.Disclosure;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Receiving;
using Campaign.Tests.Replies;

namespace Campaign.Tests.Webhooks;

/// <summary>
/// What comes back from targets reaches webhooks too: a reply (who answered, never what they wrote) and a
/// bounce (which message, which target, the redacted reason), each through the real inbound SMTP listener.
/// </summary>
public sealed class InboundWebhookTests(InboundWebhookTests.Fixture service) : IClassFixture<InboundWebhookTests.Fixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    public sealed class Fixture : ListeningService
    {
        public WebhookReceiver Receiver { get; } = new(WebhookReceiver.NewSecret());

        protected override IEnumerable<string> ExtraSettings =>
        [
            .. base.ExtraSettings,
            "--Webhooks:AllowPrivateNetworks=true", "--Webhooks:PollInterval=00:00:00.1",
            "--Webhooks:Endpoints:0:Name=inbound", $"--Webhooks:Endpoints:0:Url={new Uri(Receiver.Address, "inbound")}",
            $"--Webhooks:Endpoints:0:Secret={Receiver.Secret}",
            "--Webhooks:Endpoints:0:Events:0=reply.received", "--Webhooks:Endpoints:0:Events:1=message.bounced",
        ];

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task AReplyAndABounceFromTargets_AreAnnounced_WithoutTheirWordsOrTheSupporter()
    {
        const string email = "hook-inbound@supporters.example";
        var letters = await SignedLetters.SignAndSendAsync(service, TestCampaigns.Letter, email, ServiceFixture.Signer(email, "Hook Inbound", share: true));
        var first = letters.Single(m => TestMailbox.Parse(m).Subject!.StartsWith("A letter", StringComparison.Ordinal)); // target "first"
        var second = letters.Single(m => m != first);
        var marker = ReplyMail.Marker();

        await using (var smtp = await SmtpConversation.OpenAsync(service.InboundPort))
        {
            var reply = ReplyMail.Write(TestCampaigns.FirstTargetEmail, service.ReplyAddress, "Re: your letter", TestMailbox.Parse(first).MessageId,
                $"We received the letter of Hook Inbound. {marker}");
            Assert.StartsWith("250", (await smtp.DeliverAsync("clerk@mail.ministry.example", [service.ReplyAddress], reply))[^1], StringComparison.Ordinal);
            var bounce = BounceMail.Dsn(second.MailFrom, second.Recipients[0], TestMailbox.Parse(second).MessageId, "5.1.1", $"550 5.1.1 <{second.Recipients[0]}>: no such user");
            Assert.StartsWith("250", (await smtp.DeliverAsync("", [second.MailFrom], bounce))[^1], StringComparison.Ordinal);
        }

        await ServiceFixture.EventuallyAsync(() => Task.FromResult(Event("reply.received") is not null && Event("message.bounced") is not null), Soon,
            "the reply and the bounce at the receiver");
        var replied = Event("reply.received")!.Value;
        Assert.Equal(TestCampaigns.Letter, replied.GetProperty("campaign").GetString());
        Assert.Equal("first", replied.GetProperty("target").GetString());
        Assert.Equal("reply", replied.GetProperty("kind").GetString());
        var bounced = Event("message.bounced")!.Value;
        Assert.Equal("second", bounced.GetProperty("target").GetString());
        Assert.Equal("hard", bounced.GetProperty("bounce").GetString());
        Assert.Equal("5.1.1", bounced.GetProperty("status").GetString());
        Assert.All(service.Receiver.All, r =>
        {
            Assert.True(r.Verified);
            Assert.DoesNotContain(marker, r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Hook Inbound", r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(email, r.Body, StringComparison.Ordinal);
        });
    }

    private JsonElement? Event(string type) => service.Receiver.All
        .Select(r => JsonDocument.Parse(r.Body).RootElement)
        .Where(e => e.GetProperty("type").GetString() == type)
        .Select(e => (JsonElement?)e.GetProperty("data").Clone())
        .FirstOrDefault();
}
