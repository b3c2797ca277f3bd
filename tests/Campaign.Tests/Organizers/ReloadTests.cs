using Campaign.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Organizers;

/// <summary>Editing a campaign file and restarting keeps every signature and message; a removed target's waiting letters are cancelled.</summary>
public sealed class ReloadTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Restart_TargetRemovedFromFile_CancelsItsQueuedLettersAndKeepsEverythingElse()
    {
        // The campaign is paused, so its letters wait in the outbox.
        var id = await service.SignAndConfirmAsync(TestCampaigns.Paused, "steady@example.org");
        Assert.Equal(2L, await service.QueryScalarAsync<long>("select count(*) from messages where signature_id = @id and kind = 'letter' and status = 'queued'", new { id }));
        var signatures = await service.QueryScalarAsync<long>("select count(*) from signatures");
        var messages = await service.QueryScalarAsync<long>("select count(*) from messages");
        var openingJob = await service.QueryScalarAsync<string>("select job_id from campaign_timers where campaign = @slug", new { slug = TestCampaigns.NotYetOpen });

        await service.RestartAsync(directory =>
        {
            var file = Path.Combine(directory, $"{TestCampaigns.Paused}.yaml");
            var yaml = File.ReadAllText(file);
            var start = yaml.IndexOf("  - id: second", StringComparison.Ordinal);
            File.WriteAllText(file, yaml.Remove(start, yaml.IndexOf("letter:", start, StringComparison.Ordinal) - start));
            var petition = Path.Combine(directory, $"{TestCampaigns.Delivery}.yaml");
            var text = File.ReadAllText(petition);
            var lao = text.IndexOf("  - id: lao-mfa", StringComparison.Ordinal);
            File.WriteAllText(petition, text.Remove(lao, text.IndexOf("petition:", lao, StringComparison.Ordinal) - lao));
        });

        Assert.Equal("cancelled", await service.QueryScalarAsync<string>("select status from messages where signature_id = @id and target_id = 'second'", new { id }));
        Assert.Equal("the target was removed from the campaign file",
            await service.QueryScalarAsync<string>("select last_error from messages where signature_id = @id and target_id = 'second'", new { id }));
        Assert.Equal("queued", await service.QueryScalarAsync<string>("select status from messages where signature_id = @id and target_id = 'first'", new { id }));
        Assert.Equal("confirmed", await service.QueryScalarAsync<string>("select status from signatures where id = @id", new { id }));
        Assert.True(await service.QueryScalarAsync<long>("select count(*) from signatures") >= signatures);
        Assert.True(await service.QueryScalarAsync<long>("select count(*) from messages") >= messages);
        // The removed petition target's weekly delivery is gone; the other stays.
        using (var connection = service.Service.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var jobs = connection.GetRecurringJobs().Select(j => j.Id).Where(id => id.StartsWith($"delivery:{TestCampaigns.Delivery}:", StringComparison.Ordinal));
            Assert.Equal([$"delivery:{TestCampaigns.Delivery}:cn-mfa"], jobs);
        }
        // The opening job scheduled by the first start is kept, not scheduled again.
        Assert.Equal(openingJob, await service.QueryScalarAsync<string>("select job_id from campaign_timers where campaign = @slug", new { slug = TestCampaigns.NotYetOpen }));
    }
}
