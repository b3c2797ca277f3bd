using Dapper;
using Npgsql;

namespace Campaign.Core.Webhooks;

/// <summary>One delivery of one event to one endpoint, as a worker claimed it.</summary>
public sealed record DueDelivery(long Id, string Endpoint, int Attempts, DateTime GiveUpAt, long EventId, string Type, string? Campaign,
    string Payload, long? SignatureId, DateTime CreatedAt);

/// <summary>
/// The webhook outbox. A worker claims due deliveries with a lease, so several workers never post the same
/// attempt at once, and a worker that died mid-post leaves its claim to be taken again when the lease ends.
/// Posting twice is the one thing a crash may cost, and receivers are told so: they dedupe on
/// <c>webhook-id</c>, which stays the same for every attempt of an event.
/// </summary>
internal sealed class WebhookDeliveries(NpgsqlDataSource dataSource)
{
    private const string Claim = """
        update webhook_deliveries d
        set status = 'delivering', attempts = d.attempts + 1, lease_until = @leaseUntil
        from (select id from webhook_deliveries
              where (status = 'pending' and next_attempt_at <= @now) or (status = 'delivering' and lease_until < @now)
              order by id limit @limit for update skip locked) due,
             webhook_events e
        where d.id = due.id and e.id = d.event
        returning d.id as Id, d.endpoint as Endpoint, d.attempts as Attempts, d.give_up_at as GiveUpAt, e.id as EventId, e.type as Type,
                  e.campaign as Campaign, e.payload::text as Payload, e.signature_id as SignatureId, e.created_at as CreatedAt
        """;

    // Only the claim that made the attempt records it: a row claimed again since (its lease ran out) is another's.
    private const string Record = """
        insert into webhook_attempts (delivery, attempt, started_at, duration_ms, status_code, error)
        values (@Id, @Attempt, @StartedAt, @DurationMs, @StatusCode, @Error)
        on conflict do nothing;
        update webhook_deliveries
        set status = @Status, next_attempt_at = coalesce(@NextAttemptAt, next_attempt_at), lease_until = null, last_error = @Error,
            delivered_at = case when @Status = 'delivered' then @Now else delivered_at end
        where id = @Id and attempts = @Attempt and status = 'delivering'
        """;

    public async Task<IReadOnlyList<DueDelivery>> ClaimAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DueDelivery>(new CommandDefinition(Claim,
            new { now = now.UtcDateTime, leaseUntil = (now + lease).UtcDateTime, limit }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task RecordAsync(WebhookAttempt attempt)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(Record, attempt);
    }

    /// <summary>The signer's name and address, for an endpoint allowed personal data; only if they chose to share them.</summary>
    public async Task<(byte[] Name, byte[] Email)?> SharedSignerAsync(long signatureId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(byte[]? Name, byte[]? Email)>(new CommandDefinition(
            "select name, email from signatures where id = @signatureId and share and status = 'confirmed'", new { signatureId }, cancellationToken: cancellationToken));
        return row.Name is { } name && row.Email is { } email ? (name, email) : null;
    }
}

/// <summary>What one attempt came to, and what the delivery becomes.</summary>
internal sealed record WebhookAttempt(long Id, int Attempt, DateTime StartedAt, int DurationMs, int? StatusCode, string? Error,
    string Status, DateTime? NextAttemptAt, DateTime Now);
