using Campaign.Core.Outbox;
using Campaign.Core.Reports;
using Campaign.Core.Storage;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Campaign.Tests.Storage;

/// <summary>
/// A big outbox stays cheap to read: with a hundred thousand sent messages beside a few waiting and a few that
/// failed, the claim walks its partial index, the dashboard's problem list its own (in a generic plan too, as a
/// statement prepared by Npgsql ends up), and the counts behind /metrics and the dashboard never touch messages.
/// </summary>
public sealed class OutboxQueryPlanTests
{
    private const int Sent = 100_000;

    [Fact]
    public async Task HotOutboxReads_OnAHundredThousandSentMessages_StayOnTheirIndexes()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateDatabaseAsync(nameof(OutboxQueryPlanTests)));
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into campaigns (slug, kind, status) values ('big', 'petition', 'active');
            insert into messages (message_id, dedupe_key, campaign, kind, to_address, language, status, sent_at)
            select 'id-' || i || '@campaign.example', 'confirmation:' || i, 'big', 'confirmation', 'a@example.org', 'en',
                   case when i % 10000 = 0 then 'failed' when i > @sent then 'queued' else 'sent' end,
                   case when i <= @sent and i % 10000 <> 0 then now() end
            from generate_series(1, @sent + 300) i;
            """, new { sent = Sent });
        await connection.ExecuteAsync("vacuum analyze messages");

        var now = DateTime.UtcNow;
        var claim = await PlanAsync(connection, OutboxStore.ClaimUnthrottledSql, new { limit = 100, now, leaseUntil = now.AddMinutes(1) });
        Assert.Contains("Index Scan using messages_due_unthrottled", claim, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on messages", claim, StringComparison.Ordinal);

        await connection.ExecuteAsync("set plan_cache_mode = force_generic_plan");
        var problems = await PlanAsync(connection, OutboxReport.ProblemsSql(OutboxReport.ProblemStatuses), new { campaign = (string?)null, kind = (string?)null, limit = 200 });
        Assert.Contains("messages_problems", problems, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on messages", problems, StringComparison.Ordinal);
        Assert.DoesNotContain("messages_pkey", problems, StringComparison.Ordinal);

        var counts = await PlanAsync(connection, KeptCounts.ByStatusSql, new { subject = KeptCounts.Messages });
        Assert.DoesNotContain(" on messages", counts, StringComparison.Ordinal);
        var counted = (await KeptCounts.ByStatusAsync(connection, KeptCounts.Messages))["big"];
        Assert.Equal(Sent - (Sent / 10000), counted[MessageStatus.Sent]);
        Assert.Equal(Sent / 10000, counted[MessageStatus.Failed]);
        Assert.Equal(300, counted[MessageStatus.Queued]);
    }

    // Inside a transaction rolled back: the claim's plan is that of an update.
    private static async Task<string> PlanAsync(NpgsqlConnection connection, string sql, object parameters)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var plan = string.Join('\n', await connection.QueryAsync<string>($"explain (costs off) {sql}", parameters, transaction));
        await transaction.RollbackAsync();
        return plan;
    }
}
