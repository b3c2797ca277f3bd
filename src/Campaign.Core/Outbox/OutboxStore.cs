using Dapper;
using Npgsql;

namespace Campaign.Core.Outbox;

/// <summary>The dispatcher's side of the outbox: claiming due rows under a lease and recording each outcome.</summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource, Webhooks.WebhookQueue? webhooks = null, Storage.DatabaseOptions? database = null)
{
    // Due rows, oldest first, plus rows whose lease ran out (their worker died mid-send). SKIP LOCKED lets
    // any number of workers claim side by side. {rows} narrows the rows to one partial index (0006): mail to
    // supporters and organizers in batches, or one target's mail under its throttle. Each part walks its
    // index and stops at the limit, so a claim costs the same with 20 or 200,000 messages queued.
    private const string ClaimTemplate = """
        with due as (
            select m.id from messages m
            where m.status in ('queued', 'deferred') and m.next_attempt_at <= @now and {rows}
            order by m.next_attempt_at, m.id
            limit @limit
            for update of m skip locked
        ), orphaned as (
            select m.id from messages m
            where m.status = 'sending' and m.lease_until < @now and {rows}
            limit @limit
            for update of m skip locked
        ), claimed as (
            select id from orphaned union all select id from due limit @limit
        )
        update messages m
        set status = 'sending', lease_until = @leaseUntil, attempts = m.attempts + 1
        from claimed where m.id = claimed.id
        returning m.id, m.message_id as MessageId, m.campaign, m.kind, m.signature_id as SignatureId, m.target_id as TargetId,
                  m.to_address as ToAddress, m.language, m.status, m.attempts, m.created_at as CreatedAt
        """;

    private const string Unthrottled = $"m.{MessageKind.UnthrottledSql}";
    private const string ToTargets = $"m.{MessageKind.ToTargetSql}";

    // A campaign paused by an admin or by its file holds its targets' mail (campaigns as c).
    private const string Held = "(c.paused or c.status = 'paused')";

    // A target whose address bounced for good holds its mail until the flag is cleared (FailingTargets).
    private const string Failing = "exists (select from failing_targets f where f.campaign = m.campaign and f.target_id = m.target_id)";

    private static readonly string ClaimUnthrottled = ClaimTemplate.Replace("{rows}", Unthrottled, StringComparison.Ordinal);

    /// <summary>The claim of confirmations and notices, for the benchmark that shows its plan.</summary>
    internal static string ClaimUnthrottledSql => ClaimUnthrottled;

    // Mail to a target of a paused campaign stays where it is.
    private static readonly string ClaimForTarget = ClaimTemplate.Replace("{rows}",
        $"{ToTargets} and m.campaign = @campaign and m.target_id = @targetId and not exists (select from campaigns c where c.slug = m.campaign and {Held}) and not {Failing}",
        StringComparison.Ordinal);

    // The targets with mail waiting, one index probe per target (a skip scan over messages_due_targets),
    // kept if their oldest waiting mail is due; plus targets of orphaned claims.
    private const string DueTargets = $"""
        with recursive waiting as (
            (select m.campaign, m.target_id from messages m
             where m.status in ('queued', 'deferred') and {ToTargets}
             order by m.campaign, m.target_id limit 1)
            union all
            select next.campaign, next.target_id from waiting w
            cross join lateral (
                select m.campaign, m.target_id from messages m
                where m.status in ('queued', 'deferred') and {ToTargets} and (m.campaign, m.target_id) > (w.campaign, w.target_id)
                order by m.campaign, m.target_id limit 1) next
        ), candidates as (
            select w.campaign, w.target_id from waiting w
            where exists (select from messages m
                          where m.campaign = w.campaign and m.target_id = w.target_id
                            and m.status in ('queued', 'deferred') and {ToTargets} and m.next_attempt_at <= @now)
            union
            select m.campaign, m.target_id from messages m
            where m.status = 'sending' and m.lease_until < @now and {ToTargets}
        )
        select t.campaign, t.target_id as TargetId from candidates t
        join campaigns c on c.slug = t.campaign
        where not {Held}
          and not exists (select from failing_targets f where f.campaign = t.campaign and f.target_id = t.target_id)
        """;

    // Takes the target's slot only if it is free now; the row lock makes workers take turns.
    private const string TakeSlot = """
        insert into target_slots (campaign, target_id) values (@campaign, @targetId) on conflict do nothing;
        update target_slots set next_slot_at = @nextSlot
        where campaign = @campaign and target_id = @targetId and next_slot_at <= @now
        returning next_slot_at
        """;

    /// <summary>Claims a batch of mail that no target throttle holds: confirmations and notices.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxMessage>(ClaimUnthrottled, new { limit, now = now.UtcDateTime, leaseUntil = (now + lease).UtcDateTime });
        return rows.OrderBy(m => m.Id).ToList();
    }

    /// <summary>The targets that have letters or deliveries due now.</summary>
    public async Task<IReadOnlyList<(string Campaign, string TargetId)>> DueTargetsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(string, string)>(DueTargets, new { now = now.UtcDateTime })).ToList();
    }

    /// <summary>
    /// Claims one message for a target if its throttle slot is free, moving the slot <paramref name="spacing"/>
    /// on. Slot and claim commit together: a slot is spent only on a message that was really claimed.
    /// </summary>
    public async Task<OutboxMessage?> ClaimForTargetAsync(string campaign, string targetId, TimeSpan spacing, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var slot = await connection.ExecuteScalarAsync<DateTime?>(TakeSlot,
            new { campaign, targetId, now = now.UtcDateTime, nextSlot = (now + spacing).UtcDateTime }, transaction);
        if (slot is null) return null;
        var claimed = await connection.QuerySingleOrDefaultAsync<OutboxMessage>(ClaimForTarget,
            new { campaign, targetId, limit = 1, now = now.UtcDateTime, leaseUntil = (now + lease).UtcDateTime }, transaction);
        if (claimed is null) return null; // another worker took it: the slot stays free
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>
    /// Gives claimed messages back untried, without charging the attempt: the relay was down or refused our
    /// configuration, which says nothing about the messages themselves.
    /// </summary>
    public async Task ReleaseAsync(IEnumerable<long> ids, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken)
    {
        var list = ids.ToArray();
        if (list.Length == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            update messages
            set status = case when attempts > 1 then 'deferred' else 'queued' end,
                attempts = attempts - 1, next_attempt_at = @nextAttemptAt, lease_until = null, last_error = @reason
            where id = any(@list) and status = 'sending'
            """, new { list, nextAttemptAt = nextAttemptAt.UtcDateTime, reason });
    }

    /// <summary>
    /// Extends the lease of claimed messages still being worked on; returns those still held. A message whose
    /// lease already ran out is not renewed, and neither is one claimed again since: every claim counts an
    /// attempt, so a row whose attempts differ from ours belongs to another worker's claim.
    /// </summary>
    public async Task<HashSet<long>> RenewLeaseAsync(IReadOnlyList<OutboxMessage> claimed, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        if (claimed.Count == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync();
        var kept = await connection.QueryAsync<long>("""
            update messages m set lease_until = @leaseUntil
            from unnest(@ids, @attempts) as mine(id, attempts)
            where m.id = mine.id and m.attempts = mine.attempts and m.status = 'sending' and m.lease_until > @now
            returning m.id
            """, new { ids = claimed.Select(m => m.Id).ToArray(), attempts = claimed.Select(m => m.Attempts).ToArray(), now = now.UtcDateTime, leaseUntil = leaseUntil.UtcDateTime });
        return kept.ToHashSet();
    }

    /// <summary>Opens the connection a dispatcher lane records its outcomes on.</summary>
    public async Task<OutcomeLog> OpenOutcomeLogAsync(CancellationToken cancellationToken) =>
        await OutcomeLog.OpenAsync(dataSource, webhooks ?? Webhooks.WebhookQueue.None, database?.Pooled ?? false, cancellationToken);

    /// <summary>
    /// When the next message can be sent: its retry time, its target's next throttle slot, or the end of a
    /// dead worker's lease, whichever applies — so the dispatcher wakes for it instead of polling. Mail to
    /// <paramref name="closedTargets"/> is left out: it waits for an office to open, which the caller knows.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<(string Campaign, string TargetId)> closedTargets, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var next = await connection.ExecuteScalarAsync<DateTime?>($$"""
            select min(case when m.status = 'sending' then m.lease_until
                            else greatest(m.next_attempt_at, coalesce(s.next_slot_at, '-infinity')) end)
            from messages m
            join campaigns c on c.slug = m.campaign
            left join target_slots s on s.campaign = m.campaign and s.target_id = m.target_id and {{ToTargets}}
            where m.status in ('queued', 'deferred', 'sending')
              and not ({{ToTargets}} and {{Held}})
              and not ({{ToTargets}} and {{Failing}})
              and not ({{ToTargets}} and (m.campaign, m.target_id) in (
                  select * from unnest(@campaigns::text[], @targets::text[])))
            """, new { campaigns = closedTargets.Select(t => t.Campaign).ToArray(), targets = closedTargets.Select(t => t.TargetId).ToArray() });
        return next is null ? null : new DateTimeOffset(DateTime.SpecifyKind(next.Value, DateTimeKind.Utc));
    }
}
