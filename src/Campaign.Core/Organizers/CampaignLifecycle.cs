using Campaign.Core.Campaigns;
using Campaign.Core.Deliveries;
using Campaign.Core.Notices;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Core.Organizers;

/// <summary>
/// Opening and closing, run by Hangfire delayed jobs at <c>opens</c> and <c>closes</c>. Signing is gated by
/// the clock itself (a request outside the window answers 409, job or no job); these jobs do what should
/// happen once at that moment. Opening: the organizers are told. Closing: the organizers are told, and a
/// petition's signatures not yet delivered go to every target in a final delivery. Letters already queued
/// are still sent (their supporters confirmed in time); no new letters are queued after closing.
/// Each runs once per campaign (campaign_events), however often Hangfire runs it.
/// </summary>
public sealed partial class CampaignLifecycle(
    NpgsqlDataSource dataSource,
    CampaignCatalog catalog,
    OrganizerNotices notices,
    PetitionDeliveries deliveries,
    IDispatchScheduler dispatcher,
    TimeProvider time,
    ILogger<CampaignLifecycle> logger)
{
    [AutomaticRetry(Attempts = 5)]
    public Task OpenAsync(string slug, CancellationToken cancellationToken) =>
        RecordAsync(slug, NoticeEvents.Opened, c => c.Opens, cancellationToken);

    [AutomaticRetry(Attempts = 5)]
    public Task CloseAsync(string slug, CancellationToken cancellationToken) =>
        RecordAsync(slug, NoticeEvents.Closed, c => c.Closes, cancellationToken);

    /// <returns>Whether this run recorded the event (false: too early, not in the files, or done before).</returns>
    public async Task<bool> RecordAsync(string slug, string @event, Func<CampaignDefinition, DateTimeOffset?> dueOf, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // The file may have moved the date since the job was scheduled; the next start schedules the new one.
        if (catalog.Find(slug) is not { Status: CampaignStatus.Active or CampaignStatus.Paused } campaign
            || dueOf(campaign) is not { } due || due > now)
        {
            return false;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var confirmed = await SignatureCounts.ConfirmedAsync(connection, slug, transaction);
        var recorded = await connection.ExecuteAsync("""
            insert into campaign_events (campaign, event, signatures, at) values (@slug, @event, @confirmed, @now) on conflict do nothing
            """, new { slug, @event, confirmed, now = now.UtcDateTime }, transaction);
        if (recorded == 0) return false;

        await notices.QueueAsync(connection, transaction, campaign, new NoticeFacts(@event, 0, confirmed, null, null), @event, null, now);
        if (@event == NoticeEvents.Closed && campaign.Kind == CampaignKind.Petition)
        {
            foreach (var target in campaign.Targets.OrderBy(t => t.Id, StringComparer.Ordinal))
                await deliveries.DeliverInAsync(connection, transaction, campaign, target, DeliveryReason.Closing, null, now);
        }
        await transaction.CommitAsync(cancellationToken);
        LogRecorded(slug, @event);
        dispatcher.Kick();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign}: {Event}")]
    private partial void LogRecorded(string campaign, string @event);
}
