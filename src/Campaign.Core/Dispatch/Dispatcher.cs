using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Deliverability;
using Campaign.Core.Ledger;
using Campaign.Core.Outbox;
using Campaign.Core.Privacy;
using Campaign.Core.Relay;
using Campaign.Core.Signatures;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Core.Dispatch;

/// <summary>
/// Sends the outbox. A run opens up to <c>Smtp:MaxConnections</c> lanes, each with its own connection,
/// drains a bounded number of batches and says when the next run should start, so a long queue is sent in
/// many short runs. It is safe to run twice at once, in one process or many: rows are claimed under leases
/// with SKIP LOCKED, and each email's retries live on its row. When asked to stop it sends no new message:
/// the one on the wire is finished and recorded, every other claimed message is given back at once.
/// </summary>
public sealed partial class Dispatcher(
    OutboxStore outbox,
    SupporterLookup supporterLookup,
    RelayState relayState,
    RelayGuard guard,
    MailComposer composer,
    MailSigner signer,
    ReturnPath returnPath,
    Suppressions suppressions,
    SupporterVault vault,
    OutcomeRecorder outcomes,
    CampaignCatalog catalog,
    IOptions<SmtpOptions> smtp,
    IOptions<DeliveryOptions> delivery,
    TimeProvider time,
    ILogger<Dispatcher> logger,
    ClaimHeartbeat heartbeat)
{
    public const int BatchSize = 200;
    private const int BatchesPerRun = 25;

    private enum LaneEnd { Drained, MoreDue, RelayDown, NoConnection, Stopped }

    // Beyond this the dispatch loop's safety net wakes the dispatcher anyway.
    private static readonly TimeSpan WakeHorizon = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RecheckDelay = TimeSpan.FromSeconds(1);

    /// <summary>One run; returns when the next run should start, or null when nothing is expected before the safety net.</summary>
    /// <param name="stopping">Stops the run between two messages; a message on the wire is always finished and recorded.</param>
    public async Task<DateTimeOffset?> DrainAsync(CancellationToken stopping)
    {
        if (await relayState.CurrentPauseAsync(stopping) is { } pause && pause.ProbeAt > time.GetUtcNow().UtcDateTime)
            return new DateTimeOffset(DateTime.SpecifyKind(pause.ProbeAt, DateTimeKind.Utc));
        var ends = await Task.WhenAll(Enumerable.Range(0, smtp.Value.MaxConnections).Select(_ => RunLaneAsync(stopping)));
        if (ends.Contains(LaneEnd.Stopped)) return null;
        if (ends.Contains(LaneEnd.RelayDown)) return time.GetUtcNow() + delivery.Value.RelayProbeInterval;
        if (ends.Contains(LaneEnd.MoreDue)) return time.GetUtcNow();
        // Every connection is in use by another run in this process, which plans what comes next.
        if (ends.All(end => end == LaneEnd.NoConnection)) return null;
        return await PlanNextRunAsync(stopping);
    }

    /// <summary>
    /// When the next mail becomes sendable: a retry, a throttle slot, a lease running out, or an office opening. Mail due to a closed office is due yet not sendable, so it counts only
    /// from the moment the office opens; otherwise the dispatcher would wake at once, again and again.
    /// </summary>
    private async Task<DateTimeOffset?> PlanNextRunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var closed = new List<(string Campaign, string TargetId)>();
        DateTimeOffset? next = null;
        foreach (var (campaign, targetId) in await outbox.DueTargetsAsync(now, cancellationToken))
        {
            if (catalog.Find(campaign)?.FindTarget(targetId) is not { } target || TargetThrottle.IsOpen(target, now)) continue;
            closed.Add((campaign, targetId));
            var opening = TargetThrottle.NextOpening(target, now);
            if (next is null || opening < next) next = opening;
        }
        if (await outbox.NextDueAsync(closed, cancellationToken) is { } due && (next is null || due < next)) next = due;
        if (next is not { } at || at - now >= WakeHorizon) return null;
        // Something due now that this run did not send (it became due just after its last claim): look again
        // shortly. Never at once, so nothing the claim cannot see can make the dispatcher spin.
        return at > now ? at : now + RecheckDelay;
    }

    private async Task<LaneEnd> RunLaneAsync(CancellationToken stopping)
    {
        if (!guard.TryTakeConnection()) return LaneEnd.NoConnection;
        try
        {
            await using var relay = new SmtpRelay(smtp);
            await using var log = await outbox.OpenOutcomeLogAsync(stopping);
            for (var batch = 0; batch < BatchesPerRun; batch++)
            {
                if (stopping.IsCancellationRequested) return LaneEnd.Stopped;
                // Not cancelled half-way: a claim whose answer is lost would hold its messages for a whole lease.
                var claimed = await ClaimAsync(CancellationToken.None);
                if (claimed.Count == 0) return LaneEnd.Drained;
                var end = await SendBatchAsync(relay, log, claimed, stopping);
                if (end != LaneEnd.MoreDue) return end;
            }
            return LaneEnd.MoreDue;
        }
        finally
        {
            guard.ReturnConnection();
        }
    }

    /// <summary>One message for each target whose throttle allows it now, then a batch of everything else.</summary>
    private async Task<List<OutboxMessage>> ClaimAsync(CancellationToken cancellationToken)
    {
        using var span = DispatchTracing.Start("campaign.claim");
        var now = time.GetUtcNow();
        var lease = delivery.Value.LeaseDuration;
        var claimed = new List<OutboxMessage>();
        foreach (var (campaign, targetId) in await outbox.DueTargetsAsync(now, cancellationToken))
        {
            var target = catalog.Find(campaign)?.FindTarget(targetId);
            // A target gone from the campaign file is claimed anyway, so the composer can fail its mail with a reason.
            if (target is not null && !TargetThrottle.IsOpen(target, now)) continue;
            var spacing = target is null ? TimeSpan.Zero : TargetThrottle.Spacing(target);
            if (await outbox.ClaimForTargetAsync(campaign, targetId, spacing, now, lease, cancellationToken) is { } message) claimed.Add(message);
        }
        claimed.AddRange(await outbox.ClaimAsync(BatchSize, now, lease, cancellationToken));
        span?.SetTag("campaign.claimed", claimed.Count);
        return claimed;
    }

    /// <summary>
    /// Sends the batch. When the relay goes away or the worker is stopping, the messages not yet sent are
    /// given back untried. The message on the wire and its outcome are never cancelled: an outcome that is
    /// not recorded would send that message a second time after the lease. The worker's heartbeat
    /// (<see cref="ClaimHeartbeat"/>) renews the batch's leases while it is sent; a message whose lease ran out
    /// all the same is left out: another worker may already be sending it.
    /// </summary>
    private async Task<LaneEnd> SendBatchAsync(SmtpRelay relay, OutcomeLog log, List<OutboxMessage> claimed, CancellationToken stopping)
    {
        heartbeat.Hold(claimed);
        try
        {
            return await SendHeldBatchAsync(relay, log, claimed, stopping);
        }
        finally
        {
            heartbeat.Drop(claimed.Select(m => m.Id));
        }
    }

    private async Task<LaneEnd> SendHeldBatchAsync(SmtpRelay relay, OutcomeLog log, List<OutboxMessage> claimed, CancellationToken stopping)
    {
        var supporters = await supporterLookup.FindAsync(claimed.Where(m => m.SignatureId is not null).Select(m => m.SignatureId!.Value), CancellationToken.None);
        var held = await HeldAsync(claimed, supporters);
        // The previous outcome is written while the next message is composed and sent: the database and the
        // relay work side by side, and still at most one sent message per lane is unrecorded at any moment.
        var recording = Task.CompletedTask;
        try
        {
            var next = Compose(claimed[0], supporters);
            for (var i = 0; i < claimed.Count; i++)
            {
                var message = claimed[i];
                var (composed, notComposed) = next;
                if (heartbeat.IsLost(message.Id))
                {
                    if (i + 1 < claimed.Count) next = Compose(claimed[i + 1], supporters);
                    continue;
                }
                if (held.GetValueOrDefault(message.Id) is { } why)
                {
                    await recording;
                    recording = outcomes.RecordHeldAsync(log, message, why, time.GetUtcNow());
                    if (i + 1 < claimed.Count) next = Compose(claimed[i + 1], supporters);
                    continue;
                }
                if (composed is null)
                {
                    await recording;
                    recording = outcomes.RecordNotComposedAsync(log, message, notComposed!, time.GetUtcNow());
                    if (i + 1 < claimed.Count) next = Compose(claimed[i + 1], supporters);
                    continue;
                }

                if (stopping.IsCancellationRequested)
                {
                    await recording;
                    await outbox.ReleaseAsync(claimed.Skip(i).Select(m => m.Id), time.GetUtcNow(), "the worker stopped before sending it", CancellationToken.None);
                    return LaneEnd.Stopped;
                }
                // What the ledger proves a target received: hashed before it goes, as it goes.
                var bodySha256 = MessageKind.GoesToTarget(message.Kind) ? SentBytes.Sha256(composed) : null;
                // Each message has its own envelope sender (VERP): its bounce names it.
                var sendSpan = DispatchTracing.Start("campaign.send", message.Kind, message.Campaign, message.Id);
                var handedOver = System.Diagnostics.Stopwatch.GetTimestamp();
                var sending = guard.SendAsync(relay, composed, new MailboxAddress("", returnPath.For(message.Id)),
                    MailboxAddress.Parse(message.ToAddress ?? supporters[message.SignatureId!.Value].Email), CancellationToken.None);
                // The next message is composed while this one is on the wire: the CPU works while the relay answers.
                if (i + 1 < claimed.Count) next = Compose(claimed[i + 1], supporters);
                var result = await sending;
                CampaignMeters.Answered(message.Kind, System.Diagnostics.Stopwatch.GetElapsedTime(handedOver));
                sendSpan?.SetTag("campaign.send.verdict", result.Verdict.ToString());
                sendSpan?.Dispose();
                await recording;
                if (result.Verdict is SendVerdict.RelayDown or SendVerdict.ConfigurationFault)
                {
                    await StandDownAsync(result, claimed.Skip(i), CancellationToken.None);
                    return LaneEnd.RelayDown;
                }
                if (result.Verdict == SendVerdict.Sent && i == 0) await relayState.ClearAsync(CancellationToken.None);
                recording = outcomes.RecordAsync(log, message, result, time.GetUtcNow(), bodySha256);
            }
        }
        finally
        {
            await recording;
        }
        return LaneEnd.MoreDue;
    }

    /// <summary>
    /// The messages of the batch not to send, with the reason: those whose address was suppressed since they were
    /// queued (a bounce, a complaint; mail to targets never is: a failing target holds its mail instead), and those
    /// whose signature an admin invalidated while they were claimed.
    /// </summary>
    private async Task<Dictionary<long, string>> HeldAsync(List<OutboxMessage> claimed, Dictionary<long, SupporterDetails> supporters)
    {
        var keys = new Dictionary<long, string>();
        foreach (var message in claimed)
        {
            var address = message.SignatureId is { } id
                ? supporters.GetValueOrDefault(id) is { IsErased: false } supporter ? supporter.Email : null
                : MessageKind.GoesToTarget(message.Kind) ? null : message.ToAddress;
            if (address is not null) keys[message.Id] = vault.AddressKey(address);
        }
        var found = await suppressions.FindAsync(keys.Values, CancellationToken.None);
        var held = new Dictionary<long, string>();
        foreach (var message in claimed)
        {
            if (keys.TryGetValue(message.Id, out var key) && found.TryGetValue(key, out var entry) && Suppressions.Holds(entry, message.CreatedAt))
                held[message.Id] = $"not sent: the address is suppressed ({entry.Reason})";
            // Claimed (or given back by a relay that went away) while an admin invalidated its signature: the
            // invalidation could not cancel a message on its way, so it is cancelled here instead of sent.
            else if (message.SignatureId is { } id && supporters.GetValueOrDefault(id) is { IsInvalidated: true })
                held[message.Id] = "invalidated by an admin: not sent";
        }
        return held;
    }

    /// <summary>The message ready to send, DKIM-signed, or why it can never be composed.</summary>
    private (MimeMessage? Composed, string? NotComposed) Compose(OutboxMessage message, Dictionary<long, SupporterDetails> supporters)
    {
        using var span = DispatchTracing.Start("campaign.compose", message.Kind, message.Campaign, message.Id);
        try
        {
            var composed = composer.Compose(message, message.SignatureId is { } id ? supporters.GetValueOrDefault(id) : null);
            signer.Sign(composed);
            return (composed, null);
        }
        catch (CompositionException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The relay is down or refuses our configuration: nothing is charged to the messages.</summary>
    private async Task StandDownAsync(SendResult result, IEnumerable<OutboxMessage> untried, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var wait = result.Verdict == SendVerdict.ConfigurationFault ? delivery.Value.ConfigurationFaultProbeInterval : delivery.Value.RelayProbeInterval;
        if (result.Verdict == SendVerdict.ConfigurationFault)
        {
            await relayState.PauseAsync(result.Error ?? "configuration fault", now, now + wait, cancellationToken);
            LogPaused(result.Error ?? "");
        }
        else
        {
            LogRelayDown();
        }
        await outbox.ReleaseAsync(untried.Select(m => m.Id), now + wait, result.Error ?? "the relay is unavailable", cancellationToken);
    }


    [LoggerMessage(Level = LogLevel.Warning, Message = "The relay is unavailable; sending waits and probes again")]
    private partial void LogRelayDown();

    // The relay's reason names our own sender or login, never a supporter's.
    [LoggerMessage(Level = LogLevel.Error, Message = "Sending is paused by a configuration fault: {Reason}")]
    private partial void LogPaused(string reason);
}
