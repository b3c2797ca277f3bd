using Campaign.Core.Privacy;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Campaign.Tests.Updates;

/// <summary>
/// An update sent while a worker is killed (SIGKILL, mid-fan-out or mid-send) reaches each supporter who asked
/// for updates once: one message per supporter, whatever the kill interrupted, and none to anyone else.
/// </summary>
public sealed class UpdateWorkerKillTests(WebRoleService service, ITestOutputHelper output) : IClassFixture<WebRoleService>
{
    private const int Wanting = 2_000;
    private const int NotWanting = 200;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Update_WithAWorkerKilledMidway_ReachesEachSupporterWhoAskedOnce()
    {
        var vault = service.Service.Services.GetRequiredService<SupporterVault>();
        await BulkSigners.QueueConfirmationsAsync(service.ConnectionString, vault, TestCampaigns.Petition, "wants", 1, Wanting);
        await BulkSigners.QueueConfirmationsAsync(service.ConnectionString, vault, TestCampaigns.Petition, "quiet", 1, NotWanting);
        // Confirmed long ago, as a campaign's supporters are when its news comes; their confirmations are history.
        await service.QueryScalarAsync<int>("""
            update signatures set status = 'confirmed', confirmed_at = now(), updates = (email_key = any(@wanting));
            update messages set status = 'sent', sent_at = now() where kind = 'confirmation';
            select 1
            """, new { wanting = Enumerable.Range(1, Wanting).Select(n => service.AddressKey($"wants-{n}@example.org")).ToArray() });
        await service.RestartAsync(dir => UpdateFile.Write(dir, TestCampaigns.Petition, "kill-news", UpdateFile.Bilingual("Kill news", "소식")));

        // Small batches, so the kill can land between two of them as well as mid-send.
        string[] settings = ["--Delivery:LeaseDuration=00:00:05", "--Updates:Batch=200", "--Updates:PerMinute=1000000"];
        using (var doomed = WorkerProcess.Start(service, settings))
        {
            await ServiceFixture.EventuallyAsync(async () => await SentAsync() >= 300, Patience, "the first worker well into the update");
            doomed.Kill();
        }
        var sentAtKill = await SentAsync();
        var queuedAtKill = await service.QueryScalarAsync<long>("select count(*) from messages where kind = 'update'");
        using var successor = WorkerProcess.Start(service, settings);
        await ServiceFixture.EventuallyAsync(async () => await SentAsync() == Wanting, Patience, $"all {Wanting} updates sent");

        output.WriteLine($"killed after {sentAtKill} sent, {queuedAtKill} queued");
        Assert.Equal(Wanting, await service.QueryScalarAsync<long>("select count(distinct signature_id) from messages where kind = 'update'"));
        Assert.Equal(Wanting, await service.QueryScalarAsync<long>("select count(*) from messages where kind = 'update'"));
        var arrivals = service.Mailbox.Received.Select(TestMailbox.Parse).Where(m => m.Subject == "Kill news").ToList();
        var byRecipient = arrivals.GroupBy(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.Equal(Wanting, byRecipient.Count);
        Assert.All(byRecipient, r => Assert.StartsWith("wants-", r.Key, StringComparison.Ordinal));
        // One message each. Only a message on the wire at the kill can arrive a second time, as the same message
        // (same Message-ID, which mail programs show once): at most one per connection of the killed worker.
        Assert.All(byRecipient, r => Assert.Single(r.Select(m => m.MessageId).Distinct()));
        var copies = arrivals.Count - Wanting;
        output.WriteLine($"{copies} update(s) arrived a second time");
        Assert.InRange(copies, 0, 4);
    }

    private Task<long> SentAsync() => service.QueryScalarAsync<long>("select count(*) from messages where kind = 'update' and status = 'sent'");
}
