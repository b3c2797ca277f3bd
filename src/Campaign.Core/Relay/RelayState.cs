using Dapper;
using Npgsql;

namespace Campaign.Core.Relay;

/// <summary>
/// Whether sending is paused by a configuration fault, shared by every worker through the database, so a
/// relay that refuses our sender stops all sending once, visibly, instead of failing every message.
/// </summary>
public sealed class RelayState(NpgsqlDataSource dataSource)
{
    public sealed record Pause(string Reason, DateTime PausedAt, DateTime ProbeAt);

    public async Task<Pause?> CurrentPauseAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Pause>(
            "select paused_reason as Reason, paused_at as PausedAt, probe_at as ProbeAt from relay_state where paused_reason is not null");
    }

    public async Task PauseAsync(string reason, DateTimeOffset now, DateTimeOffset probeAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "update relay_state set paused_reason = @reason, paused_at = coalesce(paused_at, @now), probe_at = @probeAt",
            new { reason, now = now.UtcDateTime, probeAt = probeAt.UtcDateTime });
    }

    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("update relay_state set paused_reason = null, paused_at = null, probe_at = null where paused_reason is not null");
    }
}
