using Campaign.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Campaign.Tests.Sending;

/// <summary>
/// Real worker processes on one database: two healthy ones never send a message twice, and a worker killed
/// with SIGKILL mid-batch loses nothing — the only possible duplicates are the messages on the wire at the kill.
/// </summary>
public sealed class WorkerProcessTests(WorkerProcessTests.Fixture service, ITestOutputHelper output) : IClassFixture<WorkerProcessTests.Fixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>The in-process service only serves HTTP here: the worker processes do all the sending.</summary>
    public sealed class Fixture : ServiceFixture
    {
        protected override IEnumerable<string> ExtraSettings => ["--role=web"];
    }

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
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from messages where to_address like 'pair-%' and attempts <> 1"));
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
        var sendingAtKill = await service.QueryScalarAsync<long>("select count(*) from messages where to_address like 'kill-%' and status = 'sending'");
        Assert.True(sentAtKill < 3_000, "the kill came mid-run");

        using var successor = WorkerProcess.Start(service, "--Delivery:LeaseDuration=00:00:05");
        await WaitUntilSentAsync("kill", 3_000);

        var arrived = service.Mailbox.Received.Select(m => TestMailbox.Parse(m).MessageId ?? "").Where(ids.Contains).ToList();
        var duplicates = arrived.Count - arrived.Distinct().Count();
        output.WriteLine($"killed after {sentAtKill} sent with {sendingAtKill} claimed; {duplicates} message(s) arrived twice");
        Assert.Equal(3_000, arrived.Distinct().Count());
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from messages where to_address like 'kill-%' and status <> 'sent'"));
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
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from messages where to_address like 'slow-%' and status <> 'sent'"));
    }

    /// <summary>Pending signatures with their confirmations, written in bulk as a surge would leave them.</summary>
    private async Task<HashSet<string>> QueueConfirmationsAsync(string prefix, int count)
    {
        await service.QueryScalarAsync<int>($"""
            insert into signatures (campaign, email, email_key, name, country, locale)
            select '{TestCampaigns.Petition}', '{prefix}-' || n || '@example.org', '{prefix}-' || n || '@example.org', 'Supporter ' || n, 'KR', 'en'
            from generate_series(1, {count}) n;
            insert into messages (message_id, dedupe_key, campaign, kind, signature_id, to_address, language)
            select md5(random()::text) || '@campaign.example', 'confirmation:' || id, campaign, 'confirmation', id, email, 'en'
            from signatures where email like '{prefix}-%';
            select 0
            """);
        await using var connection = new Npgsql.NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"select message_id from messages where to_address like '{prefix}-%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<string>();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    private Task<long> SentAsync(string prefix) =>
        service.QueryScalarAsync<long>($"select count(*) from messages where to_address like '{prefix}-%' and status = 'sent'");

    private Task WaitUntilSentAsync(string prefix, int count) =>
        ServiceFixture.EventuallyAsync(async () => await SentAsync(prefix) == count, Patience, $"all {count} '{prefix}' messages sent");
}
