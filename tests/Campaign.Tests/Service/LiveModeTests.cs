using System.Net.Http.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Service;

/// <summary>Only in Live mode do letters reach the targets themselves.</summary>
public sealed class LiveModeTests(LiveModeTests.Fixture service) : IClassFixture<LiveModeTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        protected override IEnumerable<string> ExtraSettings => ["--Delivery:Mode=Live"];
    }

    [Fact]
    public async Task Confirm_InLiveMode_LettersGoToTheTargetsWithoutSandboxHeader()
    {
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("live@example.org"));
        var token = await service.ConfirmationTokenForAsync("live@example.org");
        await service.Client.PostAsJsonAsync("/api/confirmations", new { token });

        foreach (var target in new[] { TestCampaigns.FirstTargetEmail, TestCampaigns.SecondTargetEmail })
        {
            var mail = await service.Mailbox.WaitForAsync(m => m.Recipients.Contains(target), TimeSpan.FromSeconds(15));
            var parsed = TestMailbox.Parse(mail);
            Assert.Equal(target, Assert.Single(parsed.To.Mailboxes).Address);
            Assert.Null(parsed.Headers["X-Campaign-Target"]);
        }
        Assert.DoesNotContain(service.Mailbox.Received, m => m.Recipients.Contains("sandbox@campaign.example"));
    }
}
