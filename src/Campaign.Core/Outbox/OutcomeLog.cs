using Campaign.Core.Ledger;
using Campaign.Core.Webhooks;
using Npgsql;
using NpgsqlTypes;

namespace Campaign.Core.Outbox;

/// <summary>
/// Records outcomes the moment the relay answers, on one connection a dispatcher lane keeps open: a sent
/// message the database does not know about is a duplicate waiting for a crash, so each is its own
/// commit — one round trip, with <c>synchronous_commit = off</c>. A killed worker loses nothing it
/// committed; only a crash of PostgreSQL itself could cost the last fraction of a second of outcomes.
/// Only the lease holder's row (still <c>sending</c>, with the attempt this claim counted) is changed.
/// </summary>
public sealed class OutcomeLog : IAsyncDisposable
{
    private const string Record = """
        update messages
        set status = $1,
            last_error = $2,
            sent_at = case when $1 = 'sent' then $3 else sent_at end,
            next_attempt_at = coalesce($4, next_attempt_at),
            lease_until = null
        where id = $5 and status = 'sending' and attempts = $6
        """;

    private readonly NpgsqlConnection connection;
    private readonly WebhookQueue webhooks;

    // One command, prepared once and reused for every outcome of the lane: the statement is written to the
    // socket with its five values and nothing else (no SQL parsing, no parameter objects per message).
    private readonly NpgsqlCommand record;

    private OutcomeLog(NpgsqlConnection connection, NpgsqlCommand record, WebhookQueue webhooks)
    {
        this.connection = connection;
        this.record = record;
        this.webhooks = webhooks;
    }

    internal static async Task<OutcomeLog> OpenAsync(NpgsqlDataSource dataSource, WebhookQueue webhooks, bool pooled, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The statement's plan never depends on its values (one row by primary key); without forcing a
        // generic plan, PostgreSQL's plan cache would plan it afresh for every email.
        // Behind a transaction pooler neither the settings nor the prepared statement would stay on our
        // server connection; worse, the settings would reach other clients' transactions there (a signature
        // answered 202 under synchronous_commit = off). Each outcome is then sent as a plain statement.
        if (!pooled)
        {
            await using var settings = new NpgsqlCommand("set synchronous_commit = off; set plan_cache_mode = force_generic_plan", connection);
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }
        var record = new NpgsqlCommand(Record, connection)
        {
            Parameters =
            {
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer },
            },
        };
        if (!pooled) await record.PrepareAsync(cancellationToken);
        return new OutcomeLog(connection, record, webhooks);
    }

    public Task RecordAsync(OutboxMessage message, string status, DateTimeOffset now, string? error, DateTimeOffset? nextAttemptAt)
    {
        if (status == MessageStatus.Failed && webhooks.Wants(WebhookEvents.MessageFailed)) return RecordFailedAsync(message, now, error);
        return Update(message, status, now, error, nextAttemptAt);
    }

    private Task<int> Update(OutboxMessage message, string status, DateTimeOffset now, string? error, DateTimeOffset? nextAttemptAt)
    {
        record.Parameters[0].Value = status;
        record.Parameters[1].Value = (object?)error ?? DBNull.Value;
        record.Parameters[2].Value = now.UtcDateTime;
        record.Parameters[3].Value = nextAttemptAt is { } next ? next.UtcDateTime : DBNull.Value;
        record.Parameters[4].Value = message.Id;
        record.Parameters[5].Value = message.Attempts; // only our own claim: a row claimed again since is another worker's
        return record.ExecuteNonQueryAsync();
    }

    /// <summary>A letter or delivery the relay accepted: marked sent together with its ledger entry.</summary>
    public Task RecordAcceptedAsync(OutboxMessage message, DateTimeOffset now, string relayReply, byte[] bodySha256) =>
        LedgerWriter.AppendAsync(connection, message, now, relayReply, bodySha256, webhooks);

    /// <summary>A failure an endpoint wants to hear of: the outcome and its event in one transaction (failures are rare).</summary>
    private async Task RecordFailedAsync(OutboxMessage message, DateTimeOffset now, string? error)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        if (await Update(message, MessageStatus.Failed, now, error, null) == 1)
        {
            await webhooks.QueueAsync(connection, transaction, WebhookEvents.MessageFailed, message.Campaign, new
            {
                campaign = message.Campaign, message = message.Id, kind = message.Kind, target = message.TargetId, error,
            }, now);
        }
        await transaction.CommitAsync();
    }

    // Npgsql resets session settings when the connection returns to its pool, so nobody inherits ours.
    public async ValueTask DisposeAsync()
    {
        await record.DisposeAsync();
        await connection.DisposeAsync();
    }
}
