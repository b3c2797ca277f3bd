using Campaign.Core.Privacy;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Campaign.Tests.Sending;

/// <summary>
/// Real worker processes on one database: two healthy ones never send a message twice, and a worker killed
/// with SIGKILL mid-batch loses nothing — the only possible duplicates are the messages on the wire at the kill.
/// </summary>
public sealed class WorkerProcessTests(WebRoleService service, ITestOutputHelper output) : IClassFixture<WebRoleService>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task TwoWorkers_ShareFiveThousandMessages_AndSendEachExactlyOnce()
    {
        var ids = await QueueConfirmationsAsync("pair", 5_000);

        using var first = WorkerProcess.Start(service);
        using var second = WorkerProcess.Start(service);
        await WaitUntilSentAsync("pair", 5_000);

        var arrived = service.Mailbox.Received.Select(m => TestMailbox.Parse(m).MessageId ?? "").Where(ids.Contains).ToList();
        Assert.Equal(5_000, arrived.Count);
        Assert.Equal(5_000, arrived.Distinct().Count());
        Assert.Equal(0L, await CountAsync("pair", "attempts <> 1"));
    }

    [Fact]
    public async Task KilledWorker_MidBatch_LosesNothingAndLeavesNothingSending()
    {
        var ids = await QueueConfirmationsAsync("kill", 3_000);

        using (var doomed = WorkerProcess.Start(service, "--Delivery:LeaseDuration=00:00:05"))
        {
            await ServiceFixture.EventuallyAsync(async () => await SentAsync("kill") >= 500, Patience, "the first worker well into its work");
            doomed.Kill();
        }
        var sentAtKill = await SentAsync("kill");
        var sendingAtKill = await CountAsync("kill", "status = 'sending'");
        Assert.True(sentAtKill < 3_000, "the kill came mid-run");

        using var successor = WorkerProcess.Start(service, "--Delivery:LeaseDuration=00:00:05");
        await WaitUntilSentAsync("kill", 3_000);

        var arrived = service.Mailbox.Received.Select(m => TestMailbox.Parse(m).MessageId ?? "").Where(ids.Contains).ToList();
        var duplicates = arrived.Count - arrived.Distinct().Count();
        output.WriteLine($"killed after {sentAtKill} sent with {sendingAtKill} claimed; {duplicates} message(s) arrived twice");
        Assert.Equal(3_000, arrived.Distinct().Count());
        Assert.Equal(0L, await CountAsync("kill", "status <> 'sent'"));
        // Only what was on the wire can arrive twice: at most one message per connection of the killed worker.
        Assert.InRange(duplicates, 0, 4);
    }

    [Fact]
    public async Task SlowBatches_LongerThanTheLease_AreNotTakenOverByAnotherWorker()
    {
        // Each worker sends at most 30 messages a second, so a batch of 200 takes far longer than its 2 s lease.
        var ids = await QueueConfirmationsAsync("slow", 300);
        string[] slow = ["--Delivery:LeaseDuration=00:00:02", "--Smtp:MaxPerSecond=30"];

        using var first = WorkerProcess.Start(service, slow);
        using var second = WorkerProcess.Start(service, slow);
        await WaitUntilSentAsync("slow", 300);

        var arrived = service.Mailbox.Received.Select(m => TestMailbox.Parse(m).MessageId ?? "").Where(ids.Contains).ToList();
        Assert.Equal(300, arrived.Distinct().Count());
        Assert.Equal(arrived.Distinct().Count(), arrived.Count);
        // A worker stalled past its lease (a cold start on a busy machine) may lose its claim and skip those
        // messages; the one that claims them next sends them. An attempt may be counted twice; a message never.
        Assert.Equal(0L, await CountAsync("slow", "status <> 'sent'"));
    }

    private readonly Dictionary<string, HashSet<string>> queued = [];

    private async Task<HashSet<string>> QueueConfirmationsAsync(string prefix, int count)
    {
        var ids = await BulkSigners.QueueConfirmationsAsync(service.ConnectionString, service.Service.Services.GetRequiredService<SupporterVault>(),
            TestCampaigns.Petition, prefix, 1, count);
        queued[prefix] = ids;
        return ids;
    }

    private Task<long> CountAsync(string prefix, string condition) =>
        service.QueryScalarAsync<long>($"select count(*) from messages where message_id = any(@ids) and {condition}", new { ids = queued[prefix].ToArray() });

    private Task<long> SentAsync(string prefix) => CountAsync(prefix, "status = 'sent'");

    private Task WaitUntilSentAsync(string prefix, int count) =>
        ServiceFixture.EventuallyAsync(async () => await SentAsync(prefix) == count, Patience, $"all {count} '{prefix}' messages sent");
}
