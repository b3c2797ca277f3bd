using Campaign.Core.Sending;
using Dapper;
using Npgsql;

namespace Campaign.Core.Outbox;

/// <summary>The dispatcher's side of the outbox: claiming due rows under a lease and recording each outcome.</summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource)
{
    // Due rows, plus rows whose lease ran out (their worker died mid-send). Mail to targets of a paused
    // campaign stays where it is. SKIP LOCKED lets any number of workers claim side by side.
    private const string Claim = """
        with due as (
            select m.id from messages m
            join campaigns c on c.slug = m.campaign
            where ((m.status in ('queued', 'deferred') and m.next_attempt_at <= @now)
                   or (m.status = 'sending' and m.lease_until < @now))
              and not (m.kind in ('letter', 'delivery') and (c.paused or c.status = 'paused'))
            order by m.next_attempt_at, m.id
            limit @limit
            for update of m skip locked
        )
        update messages m
        set status = 'sending', lease_until = @leaseUntil, attempts = m.attempts + 1
        from due where m.id = due.id
        returning m.id, m.message_id as MessageId, m.campaign, m.kind, m.signature_id as SignatureId, m.target_id as TargetId,
                  m.to_address as ToAddress, m.language, m.status, m.attempts, m.created_at as CreatedAt
        """;

    private const string Supporters = """
        select id, name, email, country, locale, comment, letter_body as LetterBody
        from signatures where id = any(@ids) and status <> 'withdrawn'
        """;

    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxMessage>(Claim, new { limit, now = now.UtcDateTime, leaseUntil = (now + lease).UtcDateTime });
        return rows.OrderBy(m => m.Id).ToList();
    }

    public async Task<Dictionary<long, SupporterDetails>> SupportersAsync(IEnumerable<long> signatureIds, CancellationToken cancellationToken)
    {
        var ids = signatureIds.Distinct().ToArray();
        if (ids.Length == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SupporterDetails>(Supporters, new { ids });
        return rows.ToDictionary(s => s.Id);
    }

    /// <summary>
    /// Records one outcome the moment the relay has answered: a sent message the database does not know
    /// about is a duplicate waiting for a crash. Only the lease holder may record it.
    /// </summary>
    public async Task RecordAsync(long id, string status, DateTimeOffset now, string? error, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A killed worker loses nothing it committed; only a crash of PostgreSQL itself could cost the
        // last fraction of a second of outcomes, and that is the price of recording each one cheaply.
        await connection.ExecuteAsync("set local synchronous_commit = off", transaction: transaction);
        await connection.ExecuteAsync("""
            update messages
            set status = @status,
                last_error = @error,
                sent_at = case when @status = 'sent' then @now else sent_at end,
                next_attempt_at = coalesce(@nextAttemptAt, next_attempt_at),
                lease_until = null
            where id = @id and status = 'sending'
            """, new { id, status, now = now.UtcDateTime, error, nextAttemptAt = nextAttemptAt?.UtcDateTime }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>When the next message becomes due, if any is waiting.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var next = await connection.ExecuteScalarAsync<DateTime?>(
            "select min(coalesce(lease_until, next_attempt_at)) from messages where status in ('queued', 'deferred', 'sending')");
        return next is null ? null : new DateTimeOffset(DateTime.SpecifyKind(next.Value, DateTimeKind.Utc));
    }
}
