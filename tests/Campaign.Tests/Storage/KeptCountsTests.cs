using Campaign.Core.Outbox;
using Campaign.Core.Reports;
using Campaign.Core.Storage;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Tests.Storage;

/// <summary>
/// The outbox's counts by campaign and status (what <c>/metrics</c> and the dashboard show) come from the counts
/// its triggers keep, and they are the outbox's own counts: through queueing, claims, outcomes, retries and
/// deletions made by many connections at once while others read, and for messages queued before the counts existed.
/// </summary>
public sealed class KeptCountsTests
{
    private const string Campaign = "counts-test";
    private readonly OutboxWriter writer = new(new MessageIdFactory(Options.Create(new MailOptions { From = "Campaign <campaign@campaign.example>" })));

    [Fact]
    public async Task Counts_FollowTheOutbox_ThroughEveryChange_MadeConcurrently_WhileRead()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateDatabaseAsync(nameof(KeptCountsTests)));
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
        await AddCampaignsAsync(dataSource);
        var store = new OutboxStore(dataSource);

        using var done = new CancellationTokenSource();
        var reads = 0;
        // Readers fold and read all along, as every process's gauges do every few seconds.
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                await CountedAsync(dataSource);
                Interlocked.Increment(ref reads);
            }
        })).ToArray();

        // Four connections queue 1,200 messages across two campaigns, some keys twice (the second is a no-op).
        await Task.WhenAll(Enumerable.Range(0, 4).Select(lane => Task.Run(async () =>
        {
            for (var batch = 0; batch < 15; batch++)
            {
                var messages = Enumerable.Range(0, 20).Select(i => (lane * 300) + (batch * 20) + i)
                    .SelectMany(n => new[] { n, n }) // each twice in one batch
                    .Select(n => new NewMessage($"confirmation:{n}", n % 3 == 0 ? $"{Campaign}-b" : Campaign, MessageKind.Confirmation, null, null, $"s{n}@example.org", "en"))
                    .ToList();
                await QueueAsync(dataSource, messages);
            }
        })));

        // Three claimers take batches side by side and record varied outcomes, one statement per message as the engine does.
        var now = DateTimeOffset.UtcNow.AddMinutes(1);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            while ((await store.ClaimAsync(50, now, TimeSpan.FromMinutes(5), CancellationToken.None)) is { Count: > 0 } claimed)
            {
                foreach (var message in claimed.Where(m => m.Id % 10 != 0)) // every tenth stays "sending"
                {
                    var status = (message.Id % 7) switch { 0 => MessageStatus.Failed, 1 => MessageStatus.Deferred, 2 => MessageStatus.Unknown, _ => MessageStatus.Sent };
                    // A deferred message waits past the claimers' clock, so each message is claimed once here.
                    await connection.ExecuteAsync("""
                        update messages set status = @status, lease_until = null, next_attempt_at = now() + interval '1 day',
                               sent_at = case when @status = 'sent' then now() - (id % 3) * interval '1 day' end
                        where id = @Id and status = 'sending'
                        """, new { status, message.Id });
                }
                // A lease renewal changes no status, so it adds no change.
                await store.RenewLeaseAsync(claimed, now, now.AddMinutes(10));
            }
        })));

        // An admin retries what failed; a deferred message goes back to sending, which one statement undoes as a release.
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update messages set status = 'queued' where status = 'failed'");
            await connection.ExecuteAsync($"update messages set status = 'cancelled' where status = 'deferred' and campaign = '{Campaign}-b'");
            await connection.ExecuteAsync("delete from messages where id in (select id from messages where status = 'unknown' order by id limit 10)");
        }
        await done.CancelAsync();
        await Task.WhenAll(readers);

        var counted = await CountedAsync(dataSource);
        var actual = await GroupedAsync(dataSource);
        Assert.True(reads > 0);
        Assert.Equal(1200, actual.Values.Sum(c => c.Values.Sum()) + 10);
        Assert.Superset(new HashSet<string> { MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Deferred, MessageStatus.Unknown }, actual[Campaign].Keys.ToHashSet());
        foreach (var (campaign, statuses) in actual)
            foreach (var (status, count) in statuses)
                Assert.True(counted[campaign].GetValueOrDefault(status) == count, $"{campaign}/{status}: counted {counted[campaign].GetValueOrDefault(status)}, the outbox holds {count}");
        // Sent per day, as the dashboard's chart reads it, is the outbox's own too.
        var since = DateTime.UtcNow.Date.AddDays(-29);
        Assert.Equal(await DailyAsync(dataSource, "select date_trunc('day', sent_at at time zone 'UTC'), campaign, count(*) from messages where status = 'sent' group by 1, 2"),
            await ByDayAsync(dataSource, KeptCounts.Messages, since));
        Assert.Equal(3, (await ByDayAsync(dataSource, KeptCounts.Messages, since)).Count(r => r.Campaign == Campaign));
        // A status with nothing left reads zero instead of its last value.
        Assert.Equal(0, counted[$"{Campaign}-b"][MessageStatus.Deferred]);
        Assert.Equal(0, counted[Campaign][MessageStatus.Failed]);
    }

    [Fact]
    public async Task MessagesQueuedBeforeTheCounts_AreCountedByTheMigration()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateDatabaseAsync(nameof(KeptCountsTests)));
        var migrations = Migrator.LoadMigrations().ToList();
        var counts = migrations.FindIndex(m => m.Version.EndsWith("_kept_counts", StringComparison.Ordinal));
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            // The database as the release before the counts left it.
            await connection.ExecuteAsync("create table schema_migrations (version text primary key, applied_at timestamptz not null default now())");
            foreach (var (version, sql) in migrations.Take(counts))
            {
                await connection.ExecuteAsync(sql);
                await connection.ExecuteAsync("insert into schema_migrations (version) values (@version)", new { version });
            }
        }
        await AddCampaignsAsync(dataSource);
        await QueueAsync(dataSource, Enumerable.Range(0, 30).Select(n => new NewMessage($"confirmation:{n}", Campaign, MessageKind.Confirmation, null, null, $"s{n}@example.org", "en")).ToList());
        await using (var connection = await dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("update messages set status = 'sent' where id % 3 = 0");

        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();

        var counted = await CountedAsync(dataSource);
        Assert.Equal((await GroupedAsync(dataSource))[Campaign], counted[Campaign]);
        Assert.Equal(10, counted[Campaign][MessageStatus.Sent]);
        Assert.Equal(20, counted[Campaign][MessageStatus.Queued]);
    }

    [Fact]
    public async Task SignatureCounts_FollowSigningConfirmingAndWithdrawing_ByStatusAndByDayConfirmed()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateDatabaseAsync(nameof(KeptCountsTests)));
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
        await AddCampaignsAsync(dataSource);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            // Signed in batches as the group-commit writer does; confirmed one by one, some yesterday; some withdrawn.
            for (var batch = 0; batch < 5; batch++)
                await connection.ExecuteAsync($"""
                    insert into signatures (campaign, email_key, country, locale)
                    select case when i % 4 = 0 then '{Campaign}-b' else '{Campaign}' end, 'key-' || @batch || '-' || i, 'KR', 'en' from generate_series(1, 40) i
                    """, new { batch });
            foreach (var id in await connection.QueryAsync<long>("select id from signatures where id % 3 <> 0"))
                await connection.ExecuteAsync("update signatures set status = 'confirmed', confirmed_at = now() - (id % 2) * interval '1 day' where id = @id", new { id });
            await connection.ExecuteAsync("update signatures set status = 'withdrawn', withdrawn_at = now() where id % 10 = 1");
            // Erasing details changes no status, so no count.
            await connection.ExecuteAsync("update signatures set email_key = email_key || '-erased' where id % 7 = 0");
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            var counted = await KeptCounts.ByStatusAsync(connection, KeptCounts.Signatures);
            var actual = (await connection.QueryAsync<(string Campaign, string Status, long Count)>("select campaign, status, count(*) from signatures group by 1, 2")).ToList();
            Assert.Equal(200, actual.Sum(r => r.Count));
            Assert.All(actual, r => Assert.Equal(r.Count, counted[r.Campaign][r.Status]));
        }
        var byDay = await ByDayAsync(dataSource, KeptCounts.Signatures, DateTime.UtcNow.Date.AddDays(-29));
        Assert.Equal(await DailyAsync(dataSource, "select date_trunc('day', confirmed_at at time zone 'UTC'), campaign, count(*) from signatures where status = 'confirmed' group by 1, 2"), byDay);
        Assert.Equal(2, byDay.Count(r => r.Campaign == Campaign));
    }

    private static async Task<List<(DateTime Day, string Campaign, long Count)>> ByDayAsync(NpgsqlDataSource dataSource, string subject, DateTime since) =>
        (await KeptCounts.ByDayAsync(dataSource, subject, since, CancellationToken.None)).Select(r => (r.Day, r.Key, r.Count)).OrderBy(r => r).ToList();

    private static async Task<List<(DateTime Day, string Campaign, long Count)>> DailyAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(DateTime, string, long)>(sql)).OrderBy(r => r).ToList();
    }

    private static async Task AddCampaignsAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync($"insert into campaigns (slug, kind, status) values ('{Campaign}', 'petition', 'active'), ('{Campaign}-b', 'petition', 'active')");
    }

    private async Task QueueAsync(NpgsqlDataSource dataSource, IReadOnlyList<NewMessage> messages)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await writer.QueueAsync(connection, transaction, messages, DateTimeOffset.UtcNow);
        await transaction.CommitAsync();
    }

    // What the gauges and the dashboard read (OutboxAdmin.CountsByCampaignAsync).
    private static async Task<Dictionary<string, Dictionary<string, long>>> CountedAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await KeptCounts.ByStatusAsync(connection, KeptCounts.Messages);
    }

    private static async Task<Dictionary<string, Dictionary<string, long>>> GroupedAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Campaign, string Status, long Count)>("select campaign, status::text, count(*) from messages group by 1, 2");
        return rows.GroupBy(r => r.Campaign).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Status, r => r.Count));
    }
}
