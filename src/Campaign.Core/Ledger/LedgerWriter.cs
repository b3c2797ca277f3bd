using Campaign.Core.Outbox;
using Campaign.Core.Webhooks;
using Dapper;
using Npgsql;

namespace Campaign.Core.Ledger;

/// <summary>
/// Records a letter or a delivery the relay accepted: its outcome and its ledger entry in one transaction, so
/// the ledger has an entry for exactly the target mail marked sent. Campaigns' chains are appended one entry
/// at a time (an advisory lock per campaign), whatever the number of lanes and workers.
/// </summary>
internal static class LedgerWriter
{
    // The same change as OutcomeLog's prepared statement, for the one row this claim holds.
    private const string MarkSent = """
        update messages set status = 'sent', last_error = null, sent_at = @acceptedAt, lease_until = null
        where id = @id and status = 'sending' and attempts = @attempts
        """;

    private const string Append = """
        insert into ledger_entries (campaign, seq, message, target_id, kind, message_id, relay_reply, accepted_at,
                                    body_sha256, signatures, previous_hash, entry_hash)
        values (@Campaign, @Seq, @Message, @TargetId, @Kind, @MessageId, @RelayReply, @AcceptedAt,
                @BodySha256, @Signatures, @PreviousHash, @EntryHash)
        """;

    public static async Task AppendAsync(NpgsqlConnection connection, OutboxMessage message, DateTimeOffset now, string relayReply, byte[] bodySha256, WebhookQueue webhooks)
    {
        var acceptedAt = LedgerEntry.Microseconds(now.UtcDateTime);
        await using var transaction = await connection.BeginTransactionAsync();
        // A letter a government received is proof worth a disk flush, unlike the lane's other outcomes.
        await connection.ExecuteAsync("set local synchronous_commit = on", transaction: transaction);
        await connection.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended(@key, 0))", new { key = "ledger:" + message.Campaign }, transaction);
        if (await connection.ExecuteAsync(MarkSent, new { acceptedAt, id = message.Id, attempts = message.Attempts }, transaction) == 0)
        {
            // Not our claim any more (its lease ran out and another worker has it): that worker records it.
            await transaction.CommitAsync();
            return;
        }
        var previous = await connection.QuerySingleOrDefaultAsync<ChainLink>(
            "select seq as Seq, entry_hash as Hash from ledger_entries where campaign = @campaign order by seq desc limit 1",
            new { campaign = message.Campaign }, transaction);
        var signatures = await connection.ExecuteScalarAsync<long>(
            "select coalesce((select new_signatures::bigint from deliveries where message = @id), 1)", new { id = message.Id }, transaction);
        var seq = (previous?.Seq ?? 0) + 1;
        var previousHash = previous?.Hash ?? LedgerEntry.Genesis;
        var reply = LedgerEntry.OneLine(relayReply);
        var targetId = message.TargetId ?? throw new InvalidOperationException($"message {message.Id} goes to a target but names none");
        var hash = LedgerEntry.Hash(message.Campaign, seq, targetId, message.Kind, message.MessageId, reply, acceptedAt, bodySha256, signatures, previousHash);
        await connection.ExecuteAsync(Append, new LedgerEntry(message.Campaign, seq, message.Id, targetId, message.Kind, message.MessageId,
            reply, acceptedAt, bodySha256, signatures, previousHash, hash), transaction);
        await webhooks.QueueAsync(connection, transaction, WebhookEvents.DeliveryAccepted, message.Campaign, new
        {
            campaign = message.Campaign, target = targetId, kind = message.Kind, messageId = message.MessageId, relayReply = reply,
            acceptedAt = LedgerEntry.Time(acceptedAt), bodySha256 = Convert.ToHexStringLower(bodySha256), signatures,
            ledgerSeq = seq, entryHash = Convert.ToHexStringLower(hash),
        }, now);
        await transaction.CommitAsync();
    }

    private sealed record ChainLink(long Seq, byte[] Hash);
}
