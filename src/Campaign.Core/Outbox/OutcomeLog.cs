using Dapper;
using Npgsql;

namespace Campaign.Core.Outbox;

/// <summary>
/// Records outcomes the moment the relay answers, on one connection a dispatcher lane keeps open: a sent
/// message the database does not know about is a duplicate waiting for a crash, so each is its own
/// commit — one round trip, with <c>synchronous_commit = off</c>. A killed worker loses nothing it
/// committed; only a crash of PostgreSQL itself could cost the last fraction of a second of outcomes.
/// Only the lease holder's row (still <c>sending</c>) is changed.
/// </summary>
public sealed class OutcomeLog : IAsyncDisposable
{
    private const string Record = """
        update messages
        set status = @status,
            last_error = @error,
            sent_at = case when @status = 'sent' then @now else sent_at end,
            next_attempt_at = coalesce(@nextAttemptAt, next_attempt_at),
            lease_until = null
        where id = @id and status = 'sending'
        """;

    private readonly NpgsqlConnection connection;

    private OutcomeLog(NpgsqlConnection connection) => this.connection = connection;

    internal static async Task<OutcomeLog> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("set synchronous_commit = off");
        return new OutcomeLog(connection);
    }

    public Task RecordAsync(long id, string status, DateTimeOffset now, string? error, DateTimeOffset? nextAttemptAt) =>
        connection.ExecuteAsync(Record, new { id, status, now = now.UtcDateTime, error, nextAttemptAt = nextAttemptAt?.UtcDateTime });

    // Npgsql resets session settings when the connection returns to its pool, so nobody inherits ours.
    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
