using Campaign.Core.Campaigns;
using Campaign.Core.Deliverability;
using Campaign.Core.Outbox;
using Campaign.Core.Privacy;
using Dapper;
using Npgsql;

namespace Campaign.Core.Notices;

/// <summary>
/// Queues one notice to each organizer inside the caller's transaction, with what it is about — except to an
/// organizer whose address bounced for good: the dispatcher would only cancel it (it checks again before sending).
/// </summary>
public sealed class OrganizerNotices(OutboxWriter outbox, SupporterVault vault)
{
    /// <param name="about">Names the occasion in the dedupe key (<c>1000</c>, <c>closed</c>, <c>delivery-7</c>): one notice per organizer per occasion.</param>
    public async Task<int> QueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CampaignDefinition campaign,
        NoticeFacts notice, string about, long? delivery, DateTimeOffset now)
    {
        var keys = campaign.Organizers.Distinct(StringComparer.Ordinal).ToDictionary(organizer => organizer, vault.AddressKey);
        var suppressed = await Suppressions.FindAsync(connection, transaction, keys.Values, CancellationToken.None);
        var messages = campaign.Organizers
            .Where(organizer => !(suppressed.TryGetValue(keys[organizer], out var entry) && Suppressions.Holds(entry, now.UtcDateTime)))
            .Select(organizer => new NewMessage(
            $"notice:{campaign.Slug}:{about}:{organizer}", campaign.Slug, MessageKind.Notice, null, notice.TargetId, organizer,
            campaign.DefaultLanguage)).ToList();
        var rows = await outbox.QueueReturningIdsAsync(connection, transaction, messages, now);
        if (rows.Count == 0) return 0;
        await connection.ExecuteAsync("""
            insert into notices (message, campaign, event, milestone, signatures, delivery, target_id, reason)
            select unnest(@messages), @campaign, @Event, @Milestone, @Signatures, @delivery, @TargetId, @Reason
            """, new { messages = rows.Values.ToArray(), campaign = campaign.Slug, notice.Event, notice.Milestone, notice.Signatures, delivery, notice.TargetId, notice.Reason }, transaction);
        return rows.Count;
    }
}
