using Dapper;
using Npgsql;

namespace Campaign.Core.Outbox;

/// <summary>
/// Puts emails into the outbox inside the caller's transaction, so the email exists exactly when the thing
/// it is about (a signature, a confirmation) does. A second insert for the same dedupe key is a no-op.
/// </summary>
public sealed class OutboxWriter(MessageIdFactory messageIds)
{
    // The key is taken in message_keys first (0007): only emails whose key was free get a row, once each.
    private const string InsertMany = """
        with wanted as (
            select * from unnest(@MessageIds, @DedupeKeys, @Campaigns, @Kinds, @SignatureIds, @TargetIds, @ToAddresses, @Languages, @Due)
                as w(message_id, dedupe_key, campaign, kind, signature_id, target_id, to_address, language, next_attempt_at)
        ), taken as (
            insert into message_keys (dedupe_key) select dedupe_key from wanted
            on conflict (dedupe_key) do nothing
            returning dedupe_key
        )
        insert into messages (message_id, dedupe_key, campaign, kind, signature_id, target_id, to_address, language, next_attempt_at)
        select distinct on (w.dedupe_key) w.message_id, w.dedupe_key, w.campaign, w.kind, w.signature_id, w.target_id, w.to_address, w.language, w.next_attempt_at
        from wanted w join taken t on t.dedupe_key = w.dedupe_key
        """;

    /// <summary>Queues the messages, due at <paramref name="due"/>; returns how many were new.</summary>
    public async Task<int> QueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<NewMessage> messages, DateTimeOffset due)
    {
        if (messages.Count == 0) return 0;
        // One statement for the whole fan-out: commits, not rows, are what cost.
        return await connection.ExecuteAsync(InsertMany, Parameters(messages, _ => due), transaction);
    }

    /// <summary>Queues the messages, each due at its own moment (paced mail); returns how many were new.</summary>
    public async Task<int> QueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<NewMessage> messages, IReadOnlyList<DateTimeOffset> due)
    {
        if (messages.Count == 0) return 0;
        return await connection.ExecuteAsync(InsertMany, Parameters(messages, i => due[i]), transaction);
    }

    /// <summary>
    /// Queues the messages and returns the row id of each one that is new, by dedupe key, so the caller can
    /// tie what a message is about (a delivery, a notice) to its row in the same transaction.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueReturningIdsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<NewMessage> messages, DateTimeOffset due)
    {
        if (messages.Count == 0) return new Dictionary<string, long>();
        var rows = await connection.QueryAsync<(long Id, string DedupeKey)>(
            InsertMany + " returning id, dedupe_key", Parameters(messages, _ => due), transaction);
        return rows.ToDictionary(r => r.DedupeKey, r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Cancels what is still waiting to be sent about a signature, keeping the reason.</summary>
    public static Task<int> CancelForSignatureAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long signatureId, string reason) =>
        CancelForSignaturesAsync(connection, transaction, [signatureId], reason);

    public static Task<int> CancelForSignaturesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] signatureIds, string reason) =>
        signatureIds.Length == 0 ? Task.FromResult(0) : connection.ExecuteAsync("""
            update messages set status = 'cancelled', last_error = @reason, lease_until = null
            where signature_id = any(@signatureIds) and status in ('queued', 'deferred')
            """, new { signatureIds, reason }, transaction);

    /// <summary>
    /// Cancels mail still waiting for targets that are no longer in the campaign file, keeping the reason.
    /// Mail already sent, or possibly sent, stays as it is: it is the record of what a target received.
    /// </summary>
    public static Task<int> CancelForRemovedTargetsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string campaign, IReadOnlyCollection<string> targetIds, string reason) =>
        connection.ExecuteAsync($"""
            update messages set status = 'cancelled', last_error = @reason, lease_until = null
            where campaign = @campaign and {MessageKind.ToTargetSql} and target_id is not null
              and not (target_id = any(@targetIds)) and status in ('queued', 'deferred')
            """, new { campaign, targetIds = targetIds.ToArray(), reason }, transaction);

    private object Parameters(IReadOnlyList<NewMessage> messages, Func<int, DateTimeOffset> due) => new
    {
        MessageIds = messages.Select(_ => messageIds.Next()).ToArray(),
        DedupeKeys = messages.Select(m => m.DedupeKey).ToArray(),
        Campaigns = messages.Select(m => m.Campaign).ToArray(),
        Kinds = messages.Select(m => m.Kind).ToArray(),
        SignatureIds = messages.Select(m => m.SignatureId).ToArray(),
        TargetIds = messages.Select(m => m.TargetId).ToArray(),
        ToAddresses = messages.Select(m => m.ToAddress).ToArray(),
        Languages = messages.Select(m => m.Language).ToArray(),
        Due = messages.Select((_, i) => due(i).UtcDateTime).ToArray(),
    };
}
