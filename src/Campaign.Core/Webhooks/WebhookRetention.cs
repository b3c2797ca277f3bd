using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Webhooks;

/// <summary>
/// Forgets webhook deliveries that have ended (delivered or failed) once their event is older than
/// <see cref="WebhookOptions.KeepFor"/>: every event makes a row per endpoint, and a busy campaign's
/// confirmations would otherwise keep them for good. A delivery still waiting is never touched.
/// </summary>
public sealed class WebhookRetention(NpgsqlDataSource dataSource, IOptions<WebhookOptions> options, TimeProvider time)
{
    /// <summary>The daily job; returns how many deliveries it forgot.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            with ended as (
                select d.id from webhook_deliveries d join webhook_events e on e.id = d.event
                where d.status in ('delivered', 'failed') and e.created_at < @before
            ), attempts as (
                delete from webhook_attempts where delivery in (select id from ended)
            ), deliveries as (
                delete from webhook_deliveries where id in (select id from ended) returning event
            ), events as (
                delete from webhook_events e
                where e.id in (select event from deliveries)
                  and not exists (select from webhook_deliveries d where d.event = e.id and d.id not in (select id from ended))
            )
            select count(*)::int from deliveries
            """, new { before = (time.GetUtcNow() - options.Value.KeepFor).UtcDateTime }, cancellationToken: cancellationToken));
    }
}
