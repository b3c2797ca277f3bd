using Dapper;
using Npgsql;

namespace Campaign.Service.Admin;

/// <summary>
/// The admin sessions that are open, in the database every process shares: a session cookie opens admin pages
/// only while its row is here. Logout deletes its row; <see cref="EndAllAsync"/> every row, e.g. after a
/// laptop was lost. Changing the admin key ends them too: the cookies' signature no longer verifies.
/// </summary>
public sealed class AdminSessions(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task StartAsync(Guid id, DateTimeOffset expires)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        // Ended-by-time rows are of no use: each login sweeps them.
        await connection.ExecuteAsync("""
            delete from admin_sessions where expires_at < @now;
            insert into admin_sessions (id, expires_at) values (@id, @expires);
            """, new { id, expires = expires.UtcDateTime, now = time.GetUtcNow().UtcDateTime });
    }

    public async Task<bool> IsOpenAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from admin_sessions where id = @id and expires_at > @now)",
            new { id, now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }

    public async Task EndAsync(Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("delete from admin_sessions where id = @id", new { id });
    }

    /// <returns>How many sessions were open.</returns>
    public async Task<int> EndAllAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteAsync("delete from admin_sessions");
    }
}
