using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Webhooks;

/// <summary>
/// Writes an event and its deliveries inside the caller's transaction — the one that makes the event happen —
/// so the event is sent if and only if it happened. An event no endpoint wants costs nothing, not even a row.
/// </summary>
public sealed class WebhookQueue(IOptions<WebhookOptions> options)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly Dictionary<string, string[]> endpointsFor = WebhookEvents.All.ToDictionary(
        type => type, type => options.Value.For(type).Select(e => e.Name!).ToArray(), StringComparer.Ordinal);

    private readonly TimeSpan retryFor = options.Value.RetryFor;

    /// <summary>With no endpoint configured at all, a queue that never writes (tests and tools that need one).</summary>
    public static WebhookQueue None { get; } = new(Options.Create(new WebhookOptions()));

    public bool Wants(string type) => endpointsFor.TryGetValue(type, out var names) && names.Length > 0;

    private const string Insert = """
        with event as (
            insert into webhook_events (type, campaign, payload, signature_id, created_at)
            values (@type, @campaign, @payload::jsonb, @signatureId, @now)
            returning id
        )
        insert into webhook_deliveries (event, endpoint, next_attempt_at, give_up_at)
        select event.id, endpoint, @now, @giveUpAt from event, unnest(@endpoints) as endpoint
        """;

    /// <param name="data">The event's <c>data</c>: counts, countries, our own ids; never a supporter's identity.</param>
    /// <param name="signatureId">The signature a <c>signature.confirmed</c> is about, read when sending to an endpoint allowed personal data.</param>
    public async Task QueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string type, string? campaign, object data,
        DateTimeOffset now, long? signatureId = null)
    {
        if (!endpointsFor.TryGetValue(type, out var endpoints) || endpoints.Length == 0) return;
        await connection.ExecuteAsync(Insert, new
        {
            type, campaign, payload = JsonSerializer.Serialize(data, Json), signatureId, now = now.UtcDateTime,
            giveUpAt = (now + retryFor).UtcDateTime, endpoints,
        }, transaction);
    }
}
