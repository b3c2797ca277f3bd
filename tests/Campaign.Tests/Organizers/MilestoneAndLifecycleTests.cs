using Campaign.Core.Notices;
using Campaign.Core.Organizers;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Campaign.Tests.Organizers;

/// <summary>Milestones under simultaneous confirmations, and opening and closing on time.</summary>
public sealed class MilestoneAndLifecycleTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    private List<MimeMessage> MailTo(string address, string campaign) => service.Mailbox.Received
        .Where(m => m.Recipients.Contains(address)).Select(TestMailbox.Parse).Where(m => m.Headers["X-Campaign"] == campaign).ToList();

    [Fact]
    public async Task Confirm_TwentyAtOnceCrossingTen_OneNoticePerOrganizerAndOneDeliveryPerTarget()
    {
        var ids = new List<long>();
        for (var i = 0; i < 20; i++)
            ids.Add(await service.SignDirectlyAsync(TestCampaigns.Milestone, $"voice{i}@example.org", $"Voice {i}", "KR", share: i % 2 == 0));

        await Task.WhenAll(ids.Select(id => Task.Run(() => service.ConfirmDirectlyAsync(id))));

        Assert.Equal(1L, await service.QueryScalarAsync<long>(
            "select count(*) from campaign_events where campaign = @slug and event = 'milestone'", new { slug = TestCampaigns.Milestone }));
        Assert.Equal(10, await service.QueryScalarAsync<int>(
            "select milestone from campaign_events where campaign = @slug and event = 'milestone'", new { slug = TestCampaigns.Milestone }));
        Assert.Equal(1L, await service.QueryScalarAsync<long>(
            "select count(*) from deliveries where campaign = @slug and reason = 'milestone'", new { slug = TestCampaigns.Milestone }));
        foreach (var organizer in TestCampaigns.MilestoneOrganizers)
        {
            await ServiceFixture.EventuallyAsync(() => Task.FromResult(MailTo(organizer, TestCampaigns.Milestone).Any(m => (m.Subject ?? "").StartsWith("Milestone: 10 ", StringComparison.Ordinal))),
                Soon, $"the milestone notice reaches {organizer}");
        }
        await ServiceFixture.EventuallyAsync(() => Task.FromResult(MailTo("sandbox@campaign.example", TestCampaigns.Milestone).Count == 1), Soon, "the milestone delivery");

        // Everything the milestone implied has been sent; nothing arrives twice.
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            "select count(*) from messages where campaign = @slug and status <> 'sent'", new { slug = TestCampaigns.Milestone }) == 0, Soon, "all sent");
        foreach (var organizer in TestCampaigns.MilestoneOrganizers)
            Assert.Single(MailTo(organizer, TestCampaigns.Milestone), m => (m.Subject ?? "").StartsWith("Milestone:", StringComparison.Ordinal));
        var delivery = Assert.Single(MailTo("sandbox@campaign.example", TestCampaigns.Milestone));
        Assert.Equal("un@ohchr.example", delivery.Headers["X-Campaign-Target"]);
        var carried = await service.QueryScalarAsync<long>("select count(*) from delivery_signatures where target_id = 'un'");
        Assert.InRange(carried, 10, 20);

        // A later check, like the safety-net job's, finds nothing new to announce.
        var watch = service.Service.Services.GetRequiredService<MilestoneWatch>();
        Assert.Empty(await watch.CheckAsync(service.Service.Services.GetRequiredService<Campaign.Core.Campaigns.CampaignCatalog>().Find(TestCampaigns.Milestone)!));
    }

    [Fact]
    public async Task Start_CampaignWhoseClosesHasPassed_IsClosedOnceByItsDelayedJob()
    {
        // ended-test closed in 2021: the job scheduled at start runs at once, as it would after downtime.
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            "select count(*) from campaign_events where campaign = @slug and event = 'closed'", new { slug = TestCampaigns.Ended }) == 1, Soon, "the closing is recorded");
        await ServiceFixture.EventuallyAsync(() => Task.FromResult(MailTo("organizer@campaign.example", TestCampaigns.Ended).Any(m => (m.Subject ?? "").StartsWith("Closed:", StringComparison.Ordinal))),
            Soon, "organizers are told");

        // Hangfire may run a job twice: the second run changes nothing.
        var lifecycle = service.Service.Services.GetRequiredService<CampaignLifecycle>();
        Assert.False(await lifecycle.RecordAsync(TestCampaigns.Ended, NoticeEvents.Closed, c => c.Closes, CancellationToken.None));
        // A campaign long closed is not announced as opening.
        Assert.Equal(0L, await service.QueryScalarAsync<long>(
            "select count(*) from campaign_events where campaign = @slug and event = 'opened'", new { slug = TestCampaigns.Ended }));
        Assert.Equal(1L, await service.QueryScalarAsync<long>(
            "select count(*) from messages where campaign = @slug and kind = 'notice'", new { slug = TestCampaigns.Ended }));
    }

    [Fact]
    public async Task Start_CampaignThatOpensLater_HasItsOpeningScheduledNotRun()
    {
        var dueAt = await service.QueryScalarAsync<DateTime>(
            "select due_at from campaign_timers where campaign = @slug and event = 'opened'", new { slug = TestCampaigns.NotYetOpen });

        Assert.Equal(new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc), dueAt.ToUniversalTime());
        var lifecycle = service.Service.Services.GetRequiredService<CampaignLifecycle>();
        Assert.False(await lifecycle.RecordAsync(TestCampaigns.NotYetOpen, NoticeEvents.Opened, c => c.Opens, CancellationToken.None));
    }

    [Fact]
    public async Task Close_Petition_FinalDeliveryCarriesWhatIsLeftToEveryTarget()
    {
        await service.SignAndConfirmAsync(TestCampaigns.Delivery, "last-one@example.org", "Last One", "KR", share: true);
        await service.SignAndConfirmAsync(TestCampaigns.Delivery, "last-two@example.org", "Last Two", "CN", share: false);
        var lifecycle = service.Service.Services.GetRequiredService<CampaignLifecycle>();

        // As the job at `closes` would, once that moment has passed.
        Assert.True(await lifecycle.RecordAsync(TestCampaigns.Delivery, NoticeEvents.Closed, _ => DateTimeOffset.UtcNow.AddSeconds(-1), CancellationToken.None));
        Assert.False(await lifecycle.RecordAsync(TestCampaigns.Delivery, NoticeEvents.Closed, _ => DateTimeOffset.UtcNow.AddSeconds(-1), CancellationToken.None));

        Assert.Equal(2L, await service.QueryScalarAsync<long>(
            "select count(*) from deliveries where campaign = @slug and reason = 'closing' and new_signatures = 2", new { slug = TestCampaigns.Delivery }));
        await ServiceFixture.EventuallyAsync(() => Task.FromResult(MailTo("organizer@campaign.example", TestCampaigns.Delivery).Any(m => (m.Subject ?? "").StartsWith("Closed:", StringComparison.Ordinal))),
            Soon, "organizers are told the petition closed");
        await ServiceFixture.EventuallyAsync(() => Task.FromResult(MailTo("sandbox@campaign.example", TestCampaigns.Delivery).Count == 2), Soon, "a final delivery to each target");
    }

    [Fact]
    public async Task Confirm_AfterCloses_CountsButQueuesNoLetters()
    {
        // Signed in time (the API refuses signatures after `closes`), confirmed too late for letters.
        var id = await service.SignAndConfirmAsync(TestCampaigns.Ended, "just-late@example.org");

        Assert.Equal("confirmed", await service.QueryScalarAsync<string>("select status from signatures where id = @id", new { id }));
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from messages where signature_id = @id and kind = 'letter'", new { id }));
    }
}
