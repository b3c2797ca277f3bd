using Campaign.Core.Inbound;
using Campaign.Tests.Disclosure;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Bounces;

/// <summary>An organizer's address that bounced for good is suppressed: the next notice to it is not even queued.</summary>
public sealed class OrganizerBounceTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private const string Organizer = "organizer@campaign.example";

    [Fact]
    public async Task ABouncedNotice_SuppressesTheOrganizer_AndTheNextNoticeIsNotQueued()
    {
        var mailbox = service.Service.Services.GetRequiredService<InboundMailbox>();
        var letters = await SignedLetters.SignAndSendAsync(service, TestCampaigns.Letter, "notice-trigger@supporters.example",
            ServiceFixture.Signer("notice-trigger@supporters.example"));
        async Task BounceLetterToAsync(string target)
        {
            var messageId = await service.QueryScalarAsync<string>("select message_id from messages where kind = 'letter' and target_id = @target", new { target });
            var letter = letters.Single(m => TestMailbox.Parse(m).MessageId == messageId);
            var bounce = BounceMail.Dsn(letter.MailFrom, letter.Recipients[0], messageId, "5.1.1", "550 5.1.1 no such mailbox");
            Assert.Equal(InboundKinds.HardBounce, (await mailbox.AcceptAsync(bounce, [letter.MailFrom], "smtp", CancellationToken.None)).Kind);
        }

        // The first target fails: its organizer is told, and that notice bounces too.
        await BounceLetterToAsync("first");
        var notice = await service.Mailbox.WaitForAsync(m => m.Recipients.Contains(Organizer), TimeSpan.FromSeconds(20));
        var noticeBounce = BounceMail.Dsn(notice.MailFrom, Organizer, TestMailbox.Parse(notice).MessageId, "5.1.1", "550 5.1.1 no such mailbox");
        Assert.Equal(InboundKinds.HardBounce, (await mailbox.AcceptAsync(noticeBounce, [notice.MailFrom], "smtp", CancellationToken.None)).Kind);
        Assert.Equal("hard-bounce", await service.QueryScalarAsync<string>("select reason from suppressed_addresses where address_key = @key",
            new { key = service.AddressKey(Organizer) }));

        // The second target fails: flagged as before, but no notice is queued for the dead address.
        await BounceLetterToAsync("second");

        Assert.Equal(1, await service.QueryScalarAsync<long>("select count(*) from failing_targets where target_id = 'second'"));
        Assert.Equal(0, await service.QueryScalarAsync<long>("select count(*) from messages where kind = 'notice' and target_id = 'second'"));
        Assert.Equal(1, await service.QueryScalarAsync<long>("select count(*) from notices where event = 'target-failing'")); // the first target's only
    }
}
