using Campaign.Core.Campaigns;
using Campaign.Core.Deliverability;
using Campaign.Core.Notices;
using Campaign.Core.Outbox;
using Campaign.Core.Privacy;
using Campaign.Core.Signatures;
using Campaign.Core.Webhooks;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Inbound;

/// <summary>
/// What a bounce or complaint does, inside the transaction that stores it. A hard bounce turns the message
/// <c>bounced</c> and stops mail to the address: a supporter's address is suppressed (and a signature whose
/// confirmation bounced becomes <c>undeliverable</c>: it never counts, nothing more is queued for it); a
/// target is flagged failing, its mail held, its organizers told once. Soft bounces count, and
/// <c>Delivery:SoftBounceLimit</c> of them in a week do the same. A complaint suppresses all but the mail
/// its owner asks for.
/// </summary>
public sealed class BounceRecorder(CampaignCatalog catalog, SupporterVault vault, OrganizerNotices notices, IOptions<DeliveryOptions> delivery,
    WebhookQueue? webhooks = null)
{
    private readonly WebhookQueue webhooks = webhooks ?? WebhookQueue.None;

    private static readonly TimeSpan SoftBounceWindow = TimeSpan.FromDays(7);

    /// <summary>The row of the message a report is about.</summary>
    public sealed record Bounced(long Id, string Campaign, string Kind, long? SignatureId, string? TargetId, string? ToAddress, string Status);

    private const string Columns = "id, campaign, kind, signature_id as SignatureId, target_id as TargetId, to_address as ToAddress, status";

    /// <summary>By row id (from the VERP address), else by Message-ID: two statements, so each walks its own index.</summary>
    public static Task<Bounced?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long? id, string? messageId) =>
        id is not null
            ? connection.QuerySingleOrDefaultAsync<Bounced?>($"select {Columns} from messages where id = @id", new { id }, transaction)
            : connection.QuerySingleOrDefaultAsync<Bounced?>($"select {Columns} from messages where message_id = @messageId limit 1", new { messageId }, transaction);

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, InboundReport report, Bounced message, DateTimeOffset now)
    {
        if (report.Kind is not (InboundKind.HardBounce or InboundKind.SoftBounce or InboundKind.Complaint)) return;
        var reason = $"{report.Status} {(report.Diagnostic is { } d ? AddressRedaction.Redact(d) : "")}".Trim();
        var toTarget = MessageKind.GoesToTarget(message.Kind);
        var address = toTarget || message.SignatureId is null ? message.ToAddress : await SupporterAddressAsync(connection, transaction, message.SignatureId.Value);
        if (address is null) return; // an erased supporter: nobody left to protect or to stop mailing

        if (report.Kind == InboundKind.Complaint)
        {
            CampaignMeters.Bounce(message.Kind, "complaint");
            if (!toTarget) await Suppressions.AddAsync(connection, transaction, vault.AddressKey(address), SuppressionReason.Complaint, allowsRequested: true, now);
            return;
        }
        CampaignMeters.Bounce(message.Kind, report.Kind == InboundKind.HardBounce ? "hard" : "soft");
        // The reason is redacted like the row's: a supporter's address never leaves in an event.
        await webhooks.QueueAsync(connection, transaction, WebhookEvents.MessageBounced, message.Campaign, new
        {
            campaign = message.Campaign, message = message.Id, kind = message.Kind, target = toTarget ? message.TargetId : null,
            bounce = report.Kind == InboundKind.HardBounce ? "hard" : "soft", status = report.Status, reason,
        }, now);
        if (report.Kind == InboundKind.SoftBounce)
        {
            var key = vault.AddressKey(address);
            var count = await connection.ExecuteScalarAsync<long>("""
                insert into soft_bounces (address_key, bounced_at) values (@key, @now);
                select count(*) from soft_bounces where address_key = @key and bounced_at > @since
                """, new { key, now = now.UtcDateTime, since = (now - SoftBounceWindow).UtcDateTime }, transaction);
            if (count < delivery.Value.SoftBounceLimit) return;
            reason = $"{count} temporary failures within 7 days, the last: {reason}";
            await StopMailingAsync(connection, transaction, message, address, toTarget, SuppressionReason.SoftBounces, reason, now);
            return;
        }
        await connection.ExecuteAsync("""
            update messages set status = 'bounced', last_error = @error
            where id = @Id and status in ('sent', 'unknown', 'sending')
            """, new { message.Id, error = $"bounced: {reason}" }, transaction);
        await StopMailingAsync(connection, transaction, message, address, toTarget, SuppressionReason.HardBounce, reason, now);
    }

    private async Task StopMailingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Bounced message, string address, bool toTarget,
        string suppression, string reason, DateTimeOffset now)
    {
        if (toTarget)
        {
            if (message.TargetId is null || !await FailingTargets.FlagAsync(connection, transaction, message.Campaign, message.TargetId, address, reason, now)) return;
            if (catalog.Find(message.Campaign) is not { } campaign) return;
            var facts = new NoticeFacts(NoticeEvents.TargetFailing, 0, SignatureCounts.Confirmed(connection, campaign.Slug), message.TargetId, null, reason);
            await notices.QueueAsync(connection, transaction, campaign, facts, $"failing-{message.TargetId}-{now.ToUnixTimeSeconds()}", null, now);
            return;
        }
        await Suppressions.AddAsync(connection, transaction, vault.AddressKey(address), suppression, allowsRequested: false, now);
        if (message.SignatureId is not { } signature) return;
        await connection.ExecuteAsync("""
            update signatures set status = 'undeliverable' where id = @signature and status = 'pending';
            update messages set status = 'cancelled', last_error = 'not sent: the supporter''s address bounced', lease_until = null
            where signature_id = @signature and status in ('queued', 'deferred')
            """, new { signature }, transaction);
    }

    private async Task<string?> SupporterAddressAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long signatureId) =>
        vault.Open(await connection.ExecuteScalarAsync<byte[]?>("select email from signatures where id = @signatureId", new { signatureId }, transaction), SupporterVault.Email);
}
