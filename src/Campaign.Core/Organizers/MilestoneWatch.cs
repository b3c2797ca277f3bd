using System.Collections.Concurrent;
using Campaign.Core.Campaigns;
using Campaign.Core.Deliveries;
using Campaign.Core.Notices;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Campaign.Core.Webhooks;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Core.Organizers;

/// <summary>
/// Notices when a campaign crosses a milestone: one notice to each organizer and, with
/// <c>delivery.on_milestones</c>, one delivery to each target — exactly once however many confirmations
/// arrive at the same instant. It runs after each confirmation has committed, so the confirmation that
/// makes the count reach a milestone always sees it; the campaign_events key lets only one of several
/// simultaneous runs record the crossing, and the rest find it recorded.
/// </summary>
public sealed partial class MilestoneWatch(
    NpgsqlDataSource dataSource,
    CampaignCatalog catalog,
    OrganizerNotices notices,
    PetitionDeliveries deliveries,
    IDispatchScheduler dispatcher,
    TimeProvider time,
    ILogger<MilestoneWatch> logger,
    WebhookQueue? webhooks = null) : IConfirmationWatch
{
    private readonly WebhookQueue webhooks = webhooks ?? WebhookQueue.None;

    // Campaigns whose every milestone is announced: their confirmations cost no count at all.
    private readonly ConcurrentDictionary<string, bool> allAnnounced = new(StringComparer.Ordinal);

    /// <summary>Records every milestone the campaign has reached and not yet announced; returns the new ones.</summary>
    public async Task<IReadOnlyList<int>> CheckAsync(CampaignDefinition campaign, CancellationToken cancellationToken = default)
    {
        if (campaign.Milestones.Count == 0 || allAnnounced.ContainsKey(campaign.Slug)) return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var confirmed = await SignatureCounts.ConfirmedAsync(connection, campaign.Slug);
        var reached = campaign.Milestones.Where(m => m <= confirmed).ToList();
        if (reached.Count == 0) return [];
        var announced = (await connection.QueryAsync<int>(
            "select milestone from campaign_events where campaign = @slug and event = 'milestone'", new { slug = campaign.Slug })).ToHashSet();
        if (campaign.Milestones.All(announced.Contains)) allAnnounced[campaign.Slug] = true;
        if (reached.All(announced.Contains)) return [];

        var now = time.GetUtcNow();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var crossed = new List<int>();
        foreach (var milestone in reached.Where(m => !announced.Contains(m)))
        {
            // A simultaneous run waits on this key and then finds the row: it records nothing.
            var recorded = await connection.ExecuteAsync("""
                insert into campaign_events (campaign, event, milestone, signatures, at) values (@slug, 'milestone', @milestone, @confirmed, @now)
                on conflict do nothing
                """, new { slug = campaign.Slug, milestone, confirmed, now = now.UtcDateTime }, transaction);
            if (recorded == 0) continue;
            crossed.Add(milestone);
            await notices.QueueAsync(connection, transaction, campaign, new NoticeFacts(NoticeEvents.Milestone, milestone, confirmed, null, null),
                milestone.ToString(System.Globalization.CultureInfo.InvariantCulture), null, now);
            await webhooks.QueueAsync(connection, transaction, WebhookEvents.MilestoneReached, campaign.Slug,
                new { campaign = campaign.Slug, milestone, confirmed, goal = campaign.Goal }, now);
        }

        if (crossed.Count > 0 && campaign is { Kind: CampaignKind.Petition, Delivery.OnMilestones: true })
        {
            // Several milestones at once make one delivery per target: the signatures go only once.
            foreach (var target in campaign.Targets.OrderBy(t => t.Id, StringComparer.Ordinal))
                await deliveries.DeliverInAsync(connection, transaction, campaign, target, DeliveryReason.Milestone, crossed.Max(), now);
        }
        await transaction.CommitAsync(cancellationToken);
        foreach (var milestone in crossed) LogCrossed(campaign.Slug, milestone);
        if (crossed.Count > 0) dispatcher.Kick();
        return crossed;
    }

    Task IConfirmationWatch.ConfirmedAsync(CampaignDefinition campaign, CancellationToken cancellationToken) => CheckAsync(campaign, cancellationToken);

    /// <summary>The safety net: a milestone whose confirmation's check was lost (a crash right after commit) is announced late, not never.</summary>
    public async Task CheckAllAsync(CancellationToken cancellationToken)
    {
        foreach (var campaign in catalog.All) await CheckAsync(campaign, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign} crossed the milestone of {Milestone} signatures")]
    private partial void LogCrossed(string campaign, int milestone);
}
