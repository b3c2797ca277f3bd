using Campaign.Core.Deliverability;
using Campaign.Core.Outbox;
using Campaign.Core.Relay;
using Microsoft.Extensions.Logging;

namespace Campaign.Core.Dispatch;

/// <summary>Turns the relay's answer into the message's next status (SPEC §6), the moment the answer comes.</summary>
public sealed partial class OutcomeRecorder(RetryPolicy retries, ILogger<OutcomeRecorder> logger)
{
    /// <param name="bodySha256">Of the message as written to the relay; for mail to a target, whose acceptance the ledger records.</param>
    public Task RecordAsync(OutcomeLog outbox, OutboxMessage message, SendResult result, DateTimeOffset now, byte[]? bodySha256 = null) =>
        DispatchTracing.Source.HasListeners() ? RecordTracedAsync(outbox, message, result, now, bodySha256) : Record(outbox, message, result, now, bodySha256);

    private async Task RecordTracedAsync(OutcomeLog outbox, OutboxMessage message, SendResult result, DateTimeOffset now, byte[]? bodySha256)
    {
        using var span = DispatchTracing.Start("campaign.record", message.Kind, message.Campaign, message.Id);
        await Record(outbox, message, result, now, bodySha256);
    }

    private Task Record(OutcomeLog outbox, OutboxMessage message, SendResult result, DateTimeOffset now, byte[]? bodySha256)
    {
        result = result with { Error = Redacted(message, result.Error) };
        switch (result.Verdict)
        {
            case SendVerdict.Sent when MessageKind.GoesToTarget(message.Kind) && bodySha256 is not null:
                CampaignMeters.Outcome(message.Kind, "sent");
                return outbox.RecordAcceptedAsync(message, now, result.Reply ?? "250", bodySha256);
            case SendVerdict.Sent:
                CampaignMeters.Outcome(message.Kind, "sent");
                return outbox.RecordAsync(message, MessageStatus.Sent, now, null, null);
            case SendVerdict.Permanent:
                CampaignMeters.Outcome(message.Kind, "failed");
                LogFailed(message.Id);
                return outbox.RecordAsync(message, MessageStatus.Failed, now, result.Error, null);
            case SendVerdict.Unknown when MessageKind.GoesToTarget(message.Kind):
                // A government may already have this letter: only an admin decides to send it again.
                CampaignMeters.Outcome(message.Kind, "unknown");
                LogUnknown(message.Id);
                return outbox.RecordAsync(message, MessageStatus.Unknown, now, result.Error, null);
            default:
                // Transient refusals, and an unknown outcome of a supporter's own mail (a second copy of a
                // confirmation harms nobody; losing it would).
                var queuedAt = new DateTimeOffset(DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc));
                if (retries.NextAttempt(message.Attempts, queuedAt, now, result.RetryAfter) is { } next)
                {
                    CampaignMeters.Outcome(message.Kind, "deferred");
                    return outbox.RecordAsync(message, MessageStatus.Deferred, now, result.Error, next);
                }
                CampaignMeters.Outcome(message.Kind, "failed");
                return outbox.RecordAsync(message, MessageStatus.Failed, now, $"gave up after {message.Attempts} attempts: {result.Error}", null);
        }
    }

    /// <summary>A suppressed address or an invalidated signature gets nothing: the message is cancelled with the reason, never tried.</summary>
    public Task RecordHeldAsync(OutcomeLog outbox, OutboxMessage message, string reason, DateTimeOffset now)
    {
        CampaignMeters.Outcome(message.Kind, "held");
        LogHeld(message.Id);
        return outbox.RecordAsync(message, MessageStatus.Cancelled, now, reason, null);
    }

    public Task RecordNotComposedAsync(OutcomeLog outbox, OutboxMessage message, string reason, DateTimeOffset now)
    {
        CampaignMeters.Outcome(message.Kind, "not_composed");
        LogNotComposed(message.Id, reason);
        return outbox.RecordAsync(message, MessageStatus.Failed, now, reason, null);
    }

    /// <summary>
    /// A relay refusing a supporter's mail usually quotes their address ("550 5.1.1 &lt;ana@…&gt;: no such user"); the
    /// row keeps the reason, not the address, so the outbox holds no supporter's address at all.
    /// </summary>
    private static string? Redacted(OutboxMessage message, string? error) =>
        message.ToAddress is null && error is not null ? AddressRedaction.Redact(error) : error;

    // The relay's words may quote an address, so they go to the message row (admins only), never to the log.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Id} was refused for good; the reason is on its row")]
    private partial void LogFailed(long id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {Id} was not sent: its address is suppressed or its signature invalidated")]
    private partial void LogHeld(long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Id} may or may not have arrived; it waits for an admin")]
    private partial void LogUnknown(long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {Id} cannot be composed: {Reason}")]
    private partial void LogNotComposed(long id, string reason);
}
