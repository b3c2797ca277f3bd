using System.Text.Json;
using Campaign.Core.Campaigns;
using Campaign.Core.Notices;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Deliveries;

/// <summary>
/// Delivers a petition's new confirmed signatures to a target: the delivery, the signatures it carries and
/// its email are written in one transaction. Each signature reaches each target in exactly one delivery:
/// deliveries to one target take turns under a lock, and the unique (target, signature) pair is the backstop.
/// No new signatures, no email.
/// </summary>
public sealed partial class PetitionDeliveries(
    NpgsqlDataSource dataSource,
    CampaignCatalog catalog,
    OutboxWriter outbox,
    OrganizerNotices notices,
    IDispatchScheduler dispatcher,
    IOptions<DeliveryOptions> delivery,
    TimeProvider time,
    ILogger<PetitionDeliveries> logger)
{
    private const string ClaimNewSignatures = $"""
        insert into delivery_signatures (delivery_id, target_id, signature_id)
        select @id, @target, s.id from signatures s
        where s.campaign = @campaign and s.{SignatureStatus.CountsSql}
          and not exists (select 1 from delivery_signatures d where d.target_id = @target and d.signature_id = s.id)
        on conflict (target_id, signature_id) do nothing
        """;

    /// <summary>The recurring job of <c>delivery.schedule</c>; safe to run twice at once.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task DeliverScheduledAsync(string slug, string targetId, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is not { Kind: CampaignKind.Petition, Status: not CampaignStatus.Draft } campaign
            || campaign.FindTarget(targetId) is not { } target)
        {
            return; // the file changed since the job was registered; the next start removes it
        }

        await DeliverAsync(campaign, target, DeliveryReason.Schedule, null, cancellationToken);
    }

    /// <summary>One delivery in its own transaction; the delivery's id, or null when there was nothing new.</summary>
    public async Task<long?> DeliverAsync(CampaignDefinition campaign, Target target, DeliveryReason reason, int? milestone, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await DeliverInAsync(connection, transaction, campaign, target, reason, milestone, time.GetUtcNow());
        if (id is null) return null;
        await transaction.CommitAsync(cancellationToken);
        dispatcher.Kick();
        return id;
    }

    /// <summary>
    /// A delivery inside the caller's transaction (a milestone, the closing), which the caller commits.
    /// With no new signatures it leaves no trace: it removes the delivery row it started and queues nothing.
    /// </summary>
    public async Task<long?> DeliverInAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CampaignDefinition campaign, Target target,
        DeliveryReason reason, int? milestone, DateTimeOffset now)
    {
        // Racing deliveries to one target wait here, then see what the first one took.
        await connection.ExecuteAsync("select pg_advisory_xact_lock(hashtext('delivery:' || @campaign || ':' || @target))",
            new { campaign = campaign.Slug, target = target.Id }, transaction);
        var id = await connection.ExecuteScalarAsync<long>("""
            insert into deliveries (campaign, target_id, reason, milestone, new_signatures, total_signatures, by_country, created_at)
            values (@campaign, @target, @reason, @milestone, 0, 0, '{}', @now) returning id
            """, new { campaign = campaign.Slug, target = target.Id, reason = reason.ToString().ToLowerInvariant(), milestone, now = now.UtcDateTime }, transaction);
        var fresh = await connection.ExecuteAsync(ClaimNewSignatures, new { id, campaign = campaign.Slug, target = target.Id }, transaction);
        if (fresh == 0)
        {
            await connection.ExecuteAsync("delete from deliveries where id = @id", new { id }, transaction);
            return null;
        }

        var byCountry = await SignatureCounts.ByCountryAsync(connection, campaign.Slug, transaction);
        var total = byCountry.Values.Sum();
        var email = new NewMessage($"delivery:{id}", campaign.Slug, MessageKind.Delivery, null, target.Id, TargetAddress.For(target, delivery.Value), target.Language);
        var rows = await outbox.QueueReturningIdsAsync(connection, transaction, [email], now);
        await connection.ExecuteAsync("""
            update deliveries set new_signatures = @fresh, total_signatures = @total, by_country = @byCountry::jsonb, message = @message
            where id = @id
            """, new { id, fresh, total, byCountry = JsonSerializer.Serialize(byCountry), message = rows[email.DedupeKey] }, transaction);
        await notices.QueueAsync(connection, transaction, campaign,
            new NoticeFacts(NoticeEvents.Delivery, milestone ?? 0, total, target.Id, fresh), $"delivery-{id}", id, now);
        LogDelivered(id, campaign.Slug, target.Id, fresh);
        return id;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {Id} of campaign {Campaign} to target {Target} carries {Count} new signatures")]
    private partial void LogDelivered(long id, string campaign, string target, int count);
}
