using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Webhooks;

/// <summary>A delivery as an admin sees it, with every attempt it took.</summary>
public sealed record WebhookDeliveryView(long Id, long EventId, string Type, string? Campaign, string Endpoint, string Status, int Attempts,
    DateTime CreatedAt, DateTime NextAttemptAt, DateTime GiveUpAt, DateTime? DeliveredAt, string? LastError)
{
    public List<WebhookAttemptView> History { get; init; } = [];
}

public sealed record WebhookAttemptView(int Attempt, DateTime StartedAt, int DurationMs, int? StatusCode, string? Error);

/// <summary>What admins see of webhook deliveries, and the retry by hand.</summary>
public sealed class WebhookAdmin(NpgsqlDataSource dataSource, IOptions<WebhookOptions> options, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Statuses = ["pending", "delivering", "delivered", "failed"];

    /// <summary>Newest first; <paramref name="before"/> pages back by delivery id.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryView>> ListAsync(string? status, string? endpoint, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<WebhookDeliveryView>(new CommandDefinition("""
            select d.id, e.id as EventId, e.type, e.campaign, d.endpoint, d.status, d.attempts, e.created_at as CreatedAt,
                   d.next_attempt_at as NextAttemptAt, d.give_up_at as GiveUpAt, d.delivered_at as DeliveredAt, d.last_error as LastError
            from webhook_deliveries d join webhook_events e on e.id = d.event
            where (@status::text is null or d.status = @status) and (@endpoint::text is null or d.endpoint = @endpoint)
              and (@before::bigint is null or d.id < @before)
            order by d.id desc limit @limit
            """, new { status, endpoint, before, limit }, cancellationToken: cancellationToken))).ToList();
        var attempts = (await connection.QueryAsync<(long Delivery, int Attempt, DateTime StartedAt, int DurationMs, int? StatusCode, string? Error)>(new CommandDefinition("""
            select delivery, attempt, started_at, duration_ms, status_code, error from webhook_attempts
            where delivery = any(@ids) order by delivery, attempt
            """, new { ids = rows.Select(r => r.Id).ToArray() }, cancellationToken: cancellationToken))).ToLookup(a => a.Delivery);
        foreach (var row in rows)
            row.History.AddRange(attempts[row.Id].Select(a => new WebhookAttemptView(a.Attempt, a.StartedAt, a.DurationMs, a.StatusCode, a.Error)));
        return rows;
    }

    /// <summary>
    /// Sends a failed (or waiting) delivery again now, with a fresh <see cref="WebhookOptions.RetryFor"/>;
    /// false when there is no such delivery or it is delivered or under way.
    /// </summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            update webhook_deliveries set status = 'pending', next_attempt_at = @now, give_up_at = greatest(give_up_at, @giveUpAt)
            where id = @id and status in ('failed', 'pending')
            """, new { id, now = now.UtcDateTime, giveUpAt = (now + options.Value.RetryFor).UtcDateTime }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<bool> ExistsAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from webhook_deliveries where id = @id)", new { id }, cancellationToken: cancellationToken));
    }
}
