using Campaign.Core.Outbox;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Core.Sending;

/// <summary>
/// The Hangfire job that sends the outbox. Each run drains a bounded number of batches and then re-enqueues
/// itself, so jobs stay short; it is safe to run twice at once, because rows are claimed under leases with
/// SKIP LOCKED, and the retry of each email lives on its row, not in Hangfire.
/// </summary>
public sealed partial class Dispatcher(
    OutboxStore outbox,
    MailComposer composer,
    RetryPolicy retries,
    IOptions<SmtpOptions> smtp,
    IOptions<MailOptions> mail,
    IBackgroundJobClient jobs,
    TimeProvider time,
    ILogger<Dispatcher> logger)
{
    public const int BatchSize = 200;
    private const int BatchesPerRun = 25;

    /// <summary>Long enough for a whole batch on a slow relay; a killed worker's rows come back after it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly MailboxAddress sender = MailboxAddress.Parse(mail.Value.From);

    [AutomaticRetry(Attempts = 0)] // each message keeps its own retries; a failed run is simply run again later
    [Queue("dispatch")]
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        await using var relay = new SmtpRelay(smtp);
        for (var batch = 0; batch < BatchesPerRun; batch++)
        {
            var claimed = await outbox.ClaimAsync(BatchSize, time.GetUtcNow(), Lease, cancellationToken);
            if (claimed.Count == 0) return;
            await SendBatchAsync(relay, claimed, cancellationToken);
        }
        // More may be due: hand over to a fresh job rather than hold this one for long.
        jobs.Enqueue<Dispatcher>(d => d.DrainAsync(CancellationToken.None));
    }

    private async Task SendBatchAsync(SmtpRelay relay, IReadOnlyList<OutboxMessage> claimed, CancellationToken cancellationToken)
    {
        var supporters = await outbox.SupportersAsync(claimed.Where(m => m.SignatureId is not null).Select(m => m.SignatureId!.Value), cancellationToken);
        foreach (var message in claimed)
        {
            var now = time.GetUtcNow();
            MimeMessage composed;
            try
            {
                composed = composer.Compose(message, message.SignatureId is { } id ? supporters.GetValueOrDefault(id) : null);
            }
            catch (CompositionException e)
            {
                await outbox.RecordAsync(message.Id, MessageStatus.Failed, now, e.Message, null, cancellationToken);
                LogNotComposed(message.Id, e.Message);
                continue;
            }

            var result = await relay.SendAsync(composed, sender, [MailboxAddress.Parse(message.ToAddress)], cancellationToken);
            await RecordAsync(message, result, time.GetUtcNow(), cancellationToken);
        }
    }

    private Task RecordAsync(OutboxMessage message, SendResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (result.Verdict)
        {
            case SendVerdict.Sent:
                return outbox.RecordAsync(message.Id, MessageStatus.Sent, now, null, null, cancellationToken);
            case SendVerdict.Permanent:
                LogFailed(message.Id);
                return outbox.RecordAsync(message.Id, MessageStatus.Failed, now, result.Error, null, cancellationToken);
            case SendVerdict.Unknown when MessageKind.GoesToTarget(message.Kind):
                // A government may already have this letter: only an admin decides to send it again.
                LogUnknown(message.Id);
                return outbox.RecordAsync(message.Id, MessageStatus.Unknown, now, result.Error, null, cancellationToken);
            default:
                var queuedAt = new DateTimeOffset(DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc));
                if (retries.NextAttempt(message.Attempts, queuedAt, now, result.RetryAfter) is { } next)
                    return outbox.RecordAsync(message.Id, MessageStatus.Deferred, now, result.Error, next, cancellationToken);
                return outbox.RecordAsync(message.Id, MessageStatus.Failed, now, $"gave up after {message.Attempts} attempts: {result.Error}", null, cancellationToken);
        }
    }

    // The relay's words may quote an address, so they go to the message row (admins only), never to the log.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Id} was refused for good; the reason is on its row")]
    private partial void LogFailed(long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Id} may or may not have arrived; it waits for an admin")]
    private partial void LogUnknown(long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {Id} cannot be composed: {Reason}")]
    private partial void LogNotComposed(long id, string reason);
}
