using Campaign.Core.Outbox;
using Campaign.Core.Storage;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Tests.Storage;

/// <summary>Never two rows for one email: the same dedupe key queued again, at once or later, adds nothing.</summary>
public sealed class OutboxWriterTests
{
    private readonly OutboxWriter writer = new(new MessageIdFactory(Options.Create(new MailOptions { From = "Campaign <campaign@campaign.example>" })));

    [Fact]
    public async Task SameKey_InOneBatch_AndInLaterTransactions_QueuesOneEmail()
    {
        await using var dataSource = await DatabaseAsync();
        NewMessage Confirmation(string key, string to) => new(key, "outbox-test", MessageKind.Confirmation, null, null, to, "en");

        var first = await QueueAsync(dataSource, [Confirmation("confirmation:1", "one@example.org"), Confirmation("confirmation:1", "one@example.org"), Confirmation("confirmation:2", "two@example.org")]);
        var again = await QueueAsync(dataSource, [Confirmation("confirmation:2", "two@example.org"), Confirmation("confirmation:3", "three@example.org")]);

        Assert.Equal(["confirmation:1", "confirmation:2"], first.Keys.Order());
        Assert.Equal(["confirmation:3"], again.Keys);
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(long Id, string DedupeKey)>("select id, dedupe_key from messages order by dedupe_key")).ToList();
        Assert.Equal(["confirmation:1", "confirmation:2", "confirmation:3"], rows.Select(r => r.DedupeKey));
        Assert.Equal(first.Values.Concat(again.Values).Order(), rows.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task SameKey_FromTwoTransactionsAtOnce_QueuesOneEmail()
    {
        await using var dataSource = await DatabaseAsync();
        await using var early = await dataSource.OpenConnectionAsync();
        await using var earlyTransaction = await early.BeginTransactionAsync();
        Assert.Equal(1, await writer.QueueAsync(early, earlyTransaction, [new NewMessage("letter:7:cn", "outbox-test", MessageKind.Letter, null, "cn", "cn@ministry.example", "en")], DateTimeOffset.UtcNow));

        // The second waits for the first to finish, then finds the key taken.
        var late = Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var queued = await writer.QueueAsync(connection, transaction, [new NewMessage("letter:7:cn", "outbox-test", MessageKind.Letter, null, "cn", "cn@ministry.example", "en")], DateTimeOffset.UtcNow);
            await transaction.CommitAsync();
            return queued;
        });
        await Task.Delay(200);
        await earlyTransaction.CommitAsync();

        Assert.Equal(0, await late);
        Assert.Equal(1L, await early.ExecuteScalarAsync<long>("select count(*) from messages where dedupe_key = 'letter:7:cn'"));
    }

    private async Task<IReadOnlyDictionary<string, long>> QueueAsync(NpgsqlDataSource dataSource, IReadOnlyList<NewMessage> messages)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var ids = await writer.QueueReturningIdsAsync(connection, transaction, messages, DateTimeOffset.UtcNow);
        await transaction.CommitAsync();
        return ids;
    }

    private static async Task<NpgsqlDataSource> DatabaseAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateDatabaseAsync(nameof(OutboxWriterTests)));
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("insert into campaigns (slug, kind, status) values ('outbox-test', 'letter', 'active')");
        return dataSource;
    }
}
