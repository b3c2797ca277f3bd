using System.Text;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Campaign.Core.Privacy;

/// <summary>
/// Moves every sealed row to the current field key, in small transactions, while the service runs: rows a
/// supporter's request holds are skipped and taken on the next pass, and a crash loses nothing, since each
/// row is rewritten whole or not at all. Rows under key 0 (from before sealing) are read as plain text.
/// </summary>
public sealed class Resealing(NpgsqlDataSource dataSource, SupporterVault vault)
{
    private const int BatchSize = 500;

    /// <summary>Rows done so far of the rows that were not under the current key when the pass began.</summary>
    public sealed record Progress(long Done, long Total);

    // Which rows a pass takes: every row not under the current key, or (at start-up) only those never sealed.
    // The start-up condition is spelled out on its own so it probes the small partial index instead of
    // reading every row at every start.
    private static string Due(bool unsealedOnly) => unsealedOnly ? "sealed_with = 0" : "sealed_with <> @key";

    /// <summary>Rows still to move.</summary>
    public async Task<long> RemainingAsync(bool unsealedOnly, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>($"""
            select (select count(*) from signatures where {Due(unsealedOnly)}) + (select count(*) from captured_mail where {Due(unsealedOnly)})
                {(unsealedOnly ? "" : """
                    + (select count(*) from inbound_mail where sealed_with <> @key) + (select count(*) from target_replies where sealed_with <> @key)
                    + (select count(*) from target_reply_attachments where sealed_with <> @key)
                    """)}
            """, new { key = vault.CurrentKey });
    }

    /// <summary>Passes over both tables until no row is left to move; answers how many rows it moved.</summary>
    /// <param name="unsealedOnly">Only rows from before sealing (key 0), as at every start; else every row under an older key.</param>
    public async Task<long> MoveAllAsync(bool unsealedOnly, Action<Progress>? progress, CancellationToken cancellationToken)
    {
        var total = await RemainingAsync(unsealedOnly, cancellationToken);
        long done = 0;
        for (var remaining = total; remaining > 0;)
        {
            long moved;
            do
            {
                moved = await MoveSignaturesAsync(unsealedOnly, cancellationToken) + await MoveCapturedMailAsync(unsealedOnly, cancellationToken)
                    + (unsealedOnly ? 0 : await MoveInboundMailAsync(cancellationToken) + await MoveTargetRepliesAsync(cancellationToken)
                        + await MoveReplyAttachmentsAsync(cancellationToken));
                done += moved;
                if (moved > 0) progress?.Invoke(new Progress(done, Math.Max(total, done)));
            } while (moved > 0);
            // What is left is held by a request right now; it is let go within moments.
            remaining = await RemainingAsync(unsealedOnly, cancellationToken);
            if (remaining > 0) await Task.Delay(200, cancellationToken);
        }
        return done;
    }

    private sealed record SignatureRow(long Id, int SealedWith, string EmailKey, byte[]? Name, byte[]? Email, byte[]? Postcode, byte[]? Comment, byte[]? LetterBody);

    private sealed record CapturedRow(long Id, int SealedWith, byte[] Raw, byte[]? Recipients, byte[]? Subject);

    private Task<long> MoveSignaturesAsync(bool unsealedOnly, CancellationToken cancellationToken) => MoveBatchAsync<SignatureRow>($"""
        select id, sealed_with as SealedWith, email_key as EmailKey, name, email, postcode, comment, letter_body as LetterBody
        from signatures where {Due(unsealedOnly)} order by id limit @limit for update skip locked
        """, row =>
        {
            var email = Open(row.Email, row.SealedWith, SupporterVault.Email);
            // Before sealing, the lookup key was the normalised address itself; markers of erased rows have no '@'.
            var emailKey = row.SealedWith == 0 && email is not null && row.EmailKey.Contains('@', StringComparison.Ordinal)
                ? vault.AddressKey(Encoding.UTF8.GetString(email)) : row.EmailKey;
            return Command("""
                update signatures set name = $2, email = $3, postcode = $4, comment = $5, letter_body = $6, email_key = $7, sealed_with = $8
                where id = $1
                """, row.Id,
                Reseal(row.Name, row.SealedWith, SupporterVault.Name), Reseal(email, SupporterVault.Email),
                Reseal(row.Postcode, row.SealedWith, SupporterVault.Postcode), Reseal(row.Comment, row.SealedWith, SupporterVault.Comment),
                Reseal(row.LetterBody, row.SealedWith, SupporterVault.LetterBody), emailKey, vault.CurrentKey);
        }, cancellationToken);

    private Task<long> MoveCapturedMailAsync(bool unsealedOnly, CancellationToken cancellationToken) => MoveBatchAsync<CapturedRow>($"""
        select id, sealed_with as SealedWith, raw, recipients, subject
        from captured_mail where {Due(unsealedOnly)} order by id limit @limit for update skip locked
        """, row => Command("update captured_mail set raw = $2, recipients = $3, subject = $4, sealed_with = $5 where id = $1",
            row.Id, Reseal(row.Raw, row.SealedWith, SupporterVault.CapturedRaw),
            Reseal(row.Recipients, row.SealedWith, SupporterVault.CapturedRecipients),
            Reseal(row.Subject, row.SealedWith, SupporterVault.CapturedSubject), vault.CurrentKey), cancellationToken);

    /// <summary>
    /// Mail that came back and was kept for an admin (sealed since it was first stored, so never part of the
    /// start-up pass over rows from before sealing).
    /// </summary>
    private Task<long> MoveInboundMailAsync(CancellationToken cancellationToken) => MoveBatchAsync<(long Id, int SealedWith, byte[] Raw)>("""
        select id, sealed_with, raw from inbound_mail where sealed_with <> @key order by id limit @limit for update skip locked
        """, row => Command("update inbound_mail set raw = $2, sealed_with = $3 where id = $1",
            row.Id, Reseal(row.Raw, row.SealedWith, SupporterVault.InboundRaw), vault.CurrentKey), cancellationToken);

    /// <summary>Targets' replies (Replies/TargetReplies): sealed from the start, like inbound mail.</summary>
    private Task<long> MoveTargetRepliesAsync(CancellationToken cancellationToken) => MoveBatchAsync<(long Id, int SealedWith, byte[]? Subject, byte[] Text)>("""
        select id, sealed_with, subject, text from target_replies where sealed_with <> @key order by id limit @limit for update skip locked
        """, row => Command("update target_replies set subject = $2, text = $3, sealed_with = $4 where id = $1", row.Id,
            Reseal(row.Subject, row.SealedWith, SupporterVault.ReplySubject), Reseal(row.Text, row.SealedWith, SupporterVault.ReplyText), vault.CurrentKey),
        cancellationToken);

    private Task<long> MoveReplyAttachmentsAsync(CancellationToken cancellationToken) =>
        MoveBatchAsync<(long Reply, int N, int SealedWith, byte[]? FileName, byte[]? Content)>("""
            select reply, n, sealed_with, file_name, content from target_reply_attachments where sealed_with <> @key
            order by reply, n limit @limit for update skip locked
            """, row => Command("update target_reply_attachments set file_name = $3, content = $4, sealed_with = $5 where reply = $1 and n = $2",
                row.Reply, row.N, Reseal(row.FileName, row.SealedWith, SupporterVault.ReplyFileName),
                Reseal(row.Content, row.SealedWith, SupporterVault.ReplyAttachment), vault.CurrentKey), cancellationToken);

    /// <summary>
    /// One batch of one table: its rows due (locked, so a second pass or process skips them), each written back under
    /// the current key in one round trip and one commit. Answers how many rows it moved.
    /// </summary>
    private async Task<long> MoveBatchAsync<TRow>(string select, Func<TRow, NpgsqlBatchCommand> resealed, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<TRow>(select, new { key = vault.CurrentKey, limit = BatchSize }, transaction)).ToList();
        if (rows.Count == 0) return 0;
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var row in rows) batch.BatchCommands.Add(resealed(row));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private byte[]? Open(byte[]? value, int sealedWith, string field) =>
        value is null ? null : sealedWith == 0 ? value : vault.OpenBytes(value, field);

    private byte[]? Reseal(byte[]? value, int sealedWith, string field) => Reseal(Open(value, sealedWith, field), field);

    private byte[]? Reseal(byte[]? plain, string field) => plain is null ? null : vault.Seal(plain, field);

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = DBNull.Value } : new NpgsqlParameter { Value = value });
        }
        return command;
    }
}
