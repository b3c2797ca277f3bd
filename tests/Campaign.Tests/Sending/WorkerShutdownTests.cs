using System.Diagnostics;
using Campaign.Core.Privacy;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Campaign.Tests.Sending;

/// <summary>
/// A worker stopped the way systemd or a container runtime stops it (SIGTERM) in the middle of its work finishes
/// the message on the wire, records it, gives every other claim back at once and exits: the other worker sends
/// the rest straight away, without waiting for a lease, and nothing arrives twice.
/// </summary>
public sealed class WorkerShutdownTests(WebRoleService service, ITestOutputHelper output) : IClassFixture<WebRoleService>
{
    private const int Messages = 2_000;

    [Fact]
    public async Task Sigterm_MidBatch_GivesEveryClaimBackAtOnce_AndTheOtherWorkerSendsTheRestWithNoneTwice()
    {
        var ids = await BulkSigners.QueueConfirmationsAsync(service.ConnectionString, service.Service.Services.GetRequiredService<SupporterVault>(),
            TestCampaigns.Petition, "term", 1, Messages);
        // A five-minute lease: if the stopped worker's claims had to run out, the rest would wait that long.
        string[] settings = ["--Delivery:LeaseDuration=00:05:00", "--Smtp:MaxPerSecond=300"];

        using var stopped = WorkerProcess.Start(service, settings);
        using var other = WorkerProcess.Start(service, settings);
        await ServiceFixture.EventuallyAsync(async () => await SentAsync(ids) >= 400, TimeSpan.FromSeconds(120), "both workers well into their work");
        var watch = Stopwatch.StartNew();
        Assert.True(stopped.Terminate(TimeSpan.FromSeconds(30)), "the stopped worker exited within Delivery:ShutdownTimeout");
        var exitedAfter = watch.Elapsed;
        var sentAtStop = await SentAsync(ids);
        Assert.True(sentAtStop < Messages, "the stop came mid-run");

        await ServiceFixture.EventuallyAsync(async () => await SentAsync(ids) == Messages, TimeSpan.FromSeconds(90),
            "the other worker to send the rest, long before a lease could run out");
        output.WriteLine($"stopped after {sentAtStop} sent; exited in {exitedAfter.TotalSeconds:0.0} s; the rest sent {watch.Elapsed.TotalSeconds:0.0} s after the stop");

        var arrived = service.Mailbox.Received.Select(m => TestMailbox.Parse(m).MessageId ?? "").Where(ids.Contains).ToList();
        Assert.Equal(Messages, arrived.Distinct().Count());
        Assert.Equal(arrived.Count, arrived.Distinct().Count());
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from messages where message_id = any(@ids) and status <> 'sent'", new { ids = ids.ToArray() }));
    }

    [Fact]
    public async Task JsonLogs_AreOneObjectALine_WithNoSupporterInThem()
    {
        var ids = await BulkSigners.QueueConfirmationsAsync(service.ConnectionString, service.Service.Services.GetRequiredService<SupporterVault>(),
            TestCampaigns.Petition, "jsonlog", 1, 20);
        using var worker = WorkerProcess.Start(service, "--Logging:Format=json", "--Logging:LogLevel:Default=Information");
        await ServiceFixture.EventuallyAsync(async () => await SentAsync(ids) == 20, TimeSpan.FromSeconds(60), "the worker to send its confirmations");
        Assert.True(worker.Terminate(TimeSpan.FromSeconds(30)));

        var lines = worker.Output.Where(l => l.Length > 0).ToList();
        Assert.Contains(lines, l => l.Contains("Campaign service started", StringComparison.Ordinal));
        Assert.All(lines, line =>
        {
            using var entry = System.Text.Json.JsonDocument.Parse(line);
            foreach (var field in new[] { "Timestamp", "LogLevel", "Category", "Message" }) Assert.True(entry.RootElement.TryGetProperty(field, out _), $"{field} in {line}");
            Assert.DoesNotContain("jsonlog-", line, StringComparison.Ordinal);
        });
    }

    private Task<long> SentAsync(HashSet<string> ids) =>
        service.QueryScalarAsync<long>("select count(*) from messages where message_id = any(@ids) and status = 'sent'", new { ids = ids.ToArray() });
}
