using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Updates;

/// <summary>
/// Queues each due update once for every confirmed supporter who asked for updates, in batches. A batch, the
/// pace it takes and how far the walk got commit together, under the update's row lock: a worker killed
/// mid-way loses nothing and doubles nothing, and the next run carries on where the last commit left off.
/// Each message's dedupe key (<c>update:{campaign}:{update}:{signature}</c>) would refuse a second copy anyway.
/// Suppressed addresses get no message; erased or withdrawn supporters are no longer confirmed.
/// </summary>
public sealed partial class UpdateFanOut(
    NpgsqlDataSource dataSource,
    CampaignCatalog catalog,
    OutboxWriter outbox,
    IDispatchScheduler dispatcher,
    IOptions<UpdateOptions> options,
    TimeProvider time,
    ILogger<UpdateFanOut> logger)
{
    // Updates whose walk is over: the minutely job asks the database about each only until it is.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Campaign, string Update), bool> finished = new();

    private const string NextSupporters = """
        select s.id, s.locale from signatures s
        where s.campaign = @campaign and s.updates and s.status = 'confirmed' and s.id > @after
          and not exists (select from suppressed_addresses x where x.address_key = s.email_key)
        order by s.id limit @batch
        """;

    /// <summary>The Hangfire job: every update whose <c>send_at</c> has come, in every campaign.</summary>
    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var campaign in catalog.All)
            foreach (var update in campaign.Updates.Where(u => u.IsDueAt(now) && !finished.ContainsKey((campaign.Slug, u.Id))))
            {
                await FanOutAsync(campaign, update, cancellationToken);
                finished[(campaign.Slug, update.Id)] = true;
            }
    }

    private async Task FanOutAsync(CampaignDefinition campaign, CampaignUpdate update, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMinutes(1) / options.Value.PerMinute;
        while (true)
        {
            var now = time.GetUtcNow();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var key = new { campaign = campaign.Slug, update = update.Id, now = now.UtcDateTime };
            await connection.ExecuteAsync("""
                insert into campaign_updates (campaign, update_id, started_at) values (@campaign, @update, @now) on conflict do nothing
                """, key, transaction);
            var progress = await connection.QuerySingleAsync<(long WalkedTo, DateTime? FinishedAt)>("""
                select walked_to, finished_at from campaign_updates where campaign = @campaign and update_id = @update for update
                """, key, transaction);
            if (progress.FinishedAt is not null) return;

            var supporters = (await connection.QueryAsync<(long Id, string Locale)>(NextSupporters,
                new { campaign = campaign.Slug, after = progress.WalkedTo, batch = options.Value.Batch }, transaction)).ToList();
            if (supporters.Count == 0)
            {
                var total = await connection.ExecuteScalarAsync<int>("""
                    update campaign_updates set finished_at = @now where campaign = @campaign and update_id = @update returning recipients
                    """, key, transaction);
                await transaction.CommitAsync(cancellationToken);
                LogFinished(campaign.Slug, update.Id, total);
                return;
            }

            // The global pace: this batch takes the next free moments, one every `interval`.
            var start = await connection.ExecuteScalarAsync<DateTime>(
                "select greatest(next_at, @now) from update_pace where id = 1 for update", key, transaction);
            var first = new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc));
            var messages = supporters.ConvertAll(s => new NewMessage($"update:{campaign.Slug}:{update.Id}:{s.Id}", campaign.Slug, MessageKind.Update,
                s.Id, null, null, campaign.PickLanguage(s.Locale)));
            var queued = await outbox.QueueAsync(connection, transaction, messages, messages.Select((_, i) => first + interval * i).ToList());
            await connection.ExecuteAsync("""
                update update_pace set next_at = @next where id = 1;
                update campaign_updates set walked_to = @walkedTo, recipients = recipients + @queued where campaign = @campaign and update_id = @update
                """, new { next = (first + interval * messages.Count).UtcDateTime, walkedTo = supporters[^1].Id, queued, campaign = campaign.Slug, update = update.Id },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            dispatcher.Kick();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Update {Update} of campaign {Campaign} is queued for {Count} supporters")]
    private partial void LogFinished(string campaign, string update, int count);
}
