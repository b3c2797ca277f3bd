using System.Net;
using Campaign.Core.Privacy;
using Campaign.Service.Embedded;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.Abuse;

/// <summary>
/// A plus-address bomb (one mailbox spelled a thousand ways, across campaigns) gets the victim at most
/// Abuse:ConfirmationsPerAddressPerDay confirmations; signing again while pending brings a reminder once an
/// hour, within the same limit; every answer is the same; the confirmation names no one.
/// </summary>
public sealed class ConfirmationCapTests(ConfirmationCapTests.Fixture service) : IClassFixture<ConfirmationCapTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
    }

    private static readonly string[] Campaigns = [TestCampaigns.Petition, TestCampaigns.Letter, TestCampaigns.Delivery, TestCampaigns.Milestone];

    [Fact]
    public async Task Sign_ThousandVariantsOfOneGmailAddress_DeliverAtMostThreeConfirmations()
    {
        var variants = Enumerable.Range(0, 1000).Select(i => $"{Dotted("plusbomb", i)}+{i}@{(i % 2 == 0 ? "gmail.com" : "GoogleMail.com")}").ToList();
        var answers = new List<(HttpStatusCode Status, string Body)>();
        foreach (var chunk in variants.Select((email, i) => (email, i)).Chunk(20))
        {
            answers.AddRange(await Task.WhenAll(chunk.Select(async v =>
            {
                using var response = await service.SignAsync(Campaigns[v.i % Campaigns.Length], ServiceFixture.Signer(v.email, name: $"Attacker words {v.i}"));
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            })));
        }
        await AllSentAsync();

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(3, ToMailbox("plusbomb@gmail.com").Count);
        Assert.Equal(Campaigns.Length, await service.QueryScalarAsync<long>(
            "select count(*) from signatures where email_key = @key", new { key = service.AddressKey("plusbomb@gmail.com") }));
    }

    [Fact]
    public async Task Sign_AgainWhilePending_RemindsAfterAnHourAndNotBefore()
    {
        var first = await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("remind.me@gmail.com"));
        await AllSentAsync();
        service.Clock.Advance(TimeSpan.FromMinutes(59));
        var early = await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("remindme+again@gmail.com"));
        await AllSentAsync();
        var beforeTheHour = ToMailbox("remindme@gmail.com").Count;
        service.Clock.Advance(TimeSpan.FromMinutes(2));
        var late = await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("remind.me@gmail.com"));
        await AllSentAsync();

        Assert.Equal(1, beforeTheHour);
        var received = ToMailbox("remindme@gmail.com");
        Assert.Equal(2, received.Count);
        // The reminder goes where the first confirmation went, the address as first typed.
        Assert.All(received, mail => Assert.Equal(["remind.me@gmail.com"], mail.Recipients));
        Assert.Equal(HttpStatusCode.Accepted, early.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await early.Content.ReadAsStringAsync());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await late.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_RemindersPastTheDailyLimit_QueueNoEmail()
    {
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("often@example.org"));
        for (var hour = 0; hour < 5; hour++)
        {
            // An hour jumps by at once only when nothing is on the wire: a claim's lease would run out under it.
            await AllSentAsync();
            service.Clock.Advance(TimeSpan.FromMinutes(61));
            Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer($"often+{hour}@example.org"))).StatusCode);
        }
        await AllSentAsync();
        Assert.Equal(3, ToMailbox("often@example.org").Count);

        service.Clock.Advance(TimeSpan.FromDays(1));
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("often@example.org"));
        await AllSentAsync();
        Assert.Equal(4, ToMailbox("often@example.org").Count);
    }

    [Fact]
    public async Task Confirmation_ToHeader_CarriesTheAddressOnly()
    {
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("named@example.org", name: "Your bank: call +1 555 0100"));
        var mail = TestMailbox.Parse(await service.Mailbox.WaitForAsync(m => m.Recipients.Contains("named@example.org"), TimeSpan.FromSeconds(15)));

        var to = Assert.Single(mail.To.Mailboxes);
        Assert.Equal("named@example.org", to.Address);
        Assert.True(string.IsNullOrEmpty(to.Name));
        Assert.DoesNotContain("bank", mail.Headers[MimeKit.HeaderId.To], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sign_IdnSpellingsOfOneAddress_AreOnePerson()
    {
        var typed = await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("ana@bücher.example"));
        var punycode = await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("Ana+x@XN--BCHER-KVA.example"));

        Assert.Equal(HttpStatusCode.Accepted, typed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, punycode.StatusCode);
        Assert.Equal(service.AddressKey("ana@bücher.example"), service.AddressKey("ana@xn--bcher-kva.example"));
        Assert.Equal(1L, await service.QueryScalarAsync<long>(
            "select count(*) from signatures where campaign = @c and email_key = @key", new { c = TestCampaigns.Petition, key = service.AddressKey("ana@xn--bcher-kva.example") }));
    }

    [Fact]
    public async Task Sign_VariantOfASuppressedAddress_GetsNoEmailAndTheSameAnswer()
    {
        await service.QueryScalarAsync<int>("insert into suppressed_addresses (address_key) values (@key)", new { key = service.AddressKey("leftus@gmail.com") });
        var reference = await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("someone.new@example.org"));

        var variant = await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("Left.Us+back@googlemail.com"));
        await AllSentAsync();

        Assert.Equal(HttpStatusCode.Accepted, variant.StatusCode);
        Assert.Equal(await reference.Content.ReadAsStringAsync(), await variant.Content.ReadAsStringAsync());
        Assert.Empty(ToMailbox("leftus@gmail.com"));
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = @key", new { key = service.AddressKey("leftus@gmail.com") }));
    }

    /// <summary>The name with dots between some of its letters, differently for each <paramref name="i"/>.</summary>
    private static string Dotted(string name, int i) =>
        string.Concat(name.Select((c, at) => at > 0 && (i >> (at - 1) & 1) == 1 ? $".{c}" : c.ToString()));

    private List<CapturedMail> ToMailbox(string canonical) =>
        [.. service.Mailbox.Received.Where(m => m.Recipients.Any(r => CanonicalAddress.Default.For(r) == canonical))];

    private async Task AllSentAsync()
    {
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            "select count(*) from messages where kind = 'confirmation' and status in ('queued', 'sending', 'deferred')") == 0,
            TimeSpan.FromSeconds(30), "every confirmation handed to the relay");
        await Task.Delay(300);
    }
}
