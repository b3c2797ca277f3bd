using Campaign.Core.Outbox;
using Campaign.Core.Privacy;
using Dapper;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// The one routine that erases supporters, whoever asks: a withdrawal, expiry, retention, an admin, or the
/// supporter's own link. In one transaction, for each signature: the supporter's details become NULL, their
/// unsent mail is cancelled, their messages forget the supporter's address and every relay answer (which
/// may quote it), and each captured copy of mail about them — their confirmation, their letters, every
/// petition delivery that carried their name — is deleted. The row itself stays: a confirmed signature
/// still counts, and the record that its letters and deliveries went out stays true, without the person.
/// Erasing a signature twice erases nothing more the second time.
/// </summary>
public sealed class SupporterErasure(NpgsqlDataSource dataSource, SupporterVault vault, TimeProvider time)
{
    // A pending signature never counted, so it ends (withdrawn, or expired); a confirmed one keeps counting
    // unless the supporter withdraws it.
    private const string EraseSignatures = """
        with chosen as (
            select id, status as was, erased_at is null as fresh,
                   case when status = 'pending' then @pendingBecomes
                        when status = 'confirmed' and @withdraw then 'withdrawn'
                        else status end as becomes
            from signatures where id = any(@ids)
            for update
        )
        update signatures s
        set status = c.becomes,
            withdrawn_at = case when c.becomes = 'withdrawn' and c.was <> 'withdrawn' then @now else s.withdrawn_at end,
            erased_at = coalesce(s.erased_at, @now),
            own_letter = s.own_letter or s.letter_body is not null,
            name = null, email = null, email_key = 'erased:' || s.id, postcode = null, comment = null, letter_body = null,
            network_key = null, domain_key = null, -- where it came from goes with who it was
            letter_key = null, -- and the hash of what they wrote, which would tie them to others who wrote it
            share = false, replies = false
        from chosen c where s.id = c.id
        returning c.fresh as Fresh, c.becomes <> c.was as Ended
        """;

    // Letters and deliveries keep their recipient: it is a target's address (or the sandbox), not the supporter's.
    private const string ForgetAddresses = """
        update messages
        set to_address = case when kind = 'confirmation' then null else to_address end, last_error = null
        where signature_id = any(@ids) and (last_error is not null or (kind = 'confirmation' and to_address is not null))
        """;

    // captured_mail is the embedded capture server's (Campaign.Service), but its copies are this routine's
    // to erase, in the same transaction: a copy left behind would undo the erasure.
    // Mail that came back about the supporter's own messages (a reply to their confirmation, an unrecognised
    // bounce kept for an admin) quotes them: it goes with them.
    // The daily count of confirmations per mailbox is kept by its lookup key: that key stays only with a ticked box.
    private const string ForgetConfirmationCount = """
        delete from confirmation_sends where signature_id = any(@ids)
        """;

    private const string DeleteMailThatCameBack = """
        delete from inbound_mail where message in (select id from messages where signature_id = any(@ids))
        """;

    private const string DeleteCapturedCopies = """
        delete from captured_mail
        where message_id in (
            select message_id from messages where signature_id = any(@ids)
            union
            select m.message_id from delivery_signatures ds
                join deliveries d on d.id = ds.delivery_id
                join messages m on m.id = d.message
            where ds.signature_id = any(@ids))
        """;

    // One probe of the (campaign, email_key) index per campaign, instead of a scan of every signature.
    // Signatures merged into another when their keys were made again (Rekeying) are the same mailbox's too.
    private const string SignaturesOfAddress = """
        with kept as (select s.id from campaigns c join signatures s on s.campaign = c.slug and s.email_key = @key)
        select id from kept
        union
        select m.signature_id from merged_signatures m where m.kept_signature_id in (select id from kept)
        """;

    // The signature the link names, and every other one made with the same address: "everything about me".
    // A merged signature's own link reaches the one it was merged into, and so the mailbox's others.
    private const string SignaturesOfSameAddress = """
        with named as (
            select @id::bigint as id
            union
            select kept_signature_id from merged_signatures where signature_id = @id
        ), same as (
            select n.id from named n
            union
            select o.id from named n
                join signatures s on s.id = n.id and s.erased_at is null
                join campaigns c on true
                join signatures o on o.campaign = c.slug and o.email_key = s.email_key
        )
        select id from same
        union
        select m.signature_id from merged_signatures m where m.kept_signature_id in (select id from same)
        """;

    private const string Suppress = """
        insert into suppressed_addresses (address_key, suppressed_at)
        select email_key, @now from signatures where id = @id and erased_at is null
        on conflict (address_key) do nothing
        """;

    /// <summary>Erases the signatures in a transaction of its own.</summary>
    public async Task<ErasureOutcome> EraseAsync(long[] signatureIds, ErasureReason reason, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var outcome = await EraseInAsync(connection, transaction, signatureIds, reason, time.GetUtcNow());
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>Erases the signatures inside the caller's transaction, which the caller commits.</summary>
    public static async Task<ErasureOutcome> EraseInAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] signatureIds,
        ErasureReason reason, DateTimeOffset now)
    {
        if (signatureIds.Length == 0) return default;
        var rows = (await connection.QueryAsync<(bool Fresh, bool Ended)>(EraseSignatures, new
        {
            ids = signatureIds,
            pendingBecomes = reason == ErasureReason.Expiry ? SignatureStatus.Expired : SignatureStatus.Withdrawn,
            withdraw = reason == ErasureReason.Withdrawal,
            now = now.UtcDateTime,
        }, transaction)).ToList();
        await connection.ExecuteAsync(DeleteCapturedCopies, new { ids = signatureIds }, transaction);
        await connection.ExecuteAsync(DeleteMailThatCameBack, new { ids = signatureIds }, transaction);
        await connection.ExecuteAsync(ForgetAddresses, new { ids = signatureIds }, transaction);
        await connection.ExecuteAsync(ForgetConfirmationCount, new { ids = signatureIds }, transaction);
        // After ForgetAddresses: the reason it writes is ours and names nobody.
        await OutboxWriter.CancelForSignaturesAsync(connection, transaction, signatureIds, CancelReason(reason));
        return new ErasureOutcome(rows.Count(r => r.Fresh), rows.Count(r => r.Ended));
    }

    /// <summary>
    /// Erases every signature made with <paramref name="email"/>, in every campaign; how many held someone's
    /// details. An address that never signed erases nothing and is told so in the same way.
    /// </summary>
    public async Task<int> EraseAddressAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = (await connection.QueryAsync<long>(SignaturesOfAddress, new { key = vault.AddressKey(email) }, transaction)).ToArray();
        var outcome = await EraseInAsync(connection, transaction, ids, ErasureReason.Admin, time.GetUtcNow());
        await transaction.CommitAsync(cancellationToken);
        return outcome.Erased;
    }

    /// <summary>
    /// The supporter's own "delete everything about me": the signature their link names, and every other
    /// signature made with the same address. With <paramref name="neverEmailAgain"/>, the address's lookup key
    /// is kept in <c>suppressed_addresses</c> (read before the row is erased), and signing with it again sends
    /// nothing.
    /// </summary>
    public async Task EraseOnRequestAsync(long signatureId, bool neverEmailAgain, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (neverEmailAgain)
            await connection.ExecuteAsync(Suppress, new { id = signatureId, now = now.UtcDateTime }, transaction);
        var ids = (await connection.QueryAsync<long>(SignaturesOfSameAddress, new { id = signatureId }, transaction)).ToArray();
        await EraseInAsync(connection, transaction, ids, ErasureReason.SupporterRequest, now);
        await transaction.CommitAsync(cancellationToken);
    }

    private static string CancelReason(ErasureReason reason) => reason switch
    {
        ErasureReason.Withdrawal => "the supporter withdrew",
        ErasureReason.Expiry => "the signature expired unconfirmed",
        ErasureReason.Retention => "the campaign's retention period ended",
        ErasureReason.Admin => "an admin erased the supporter",
        _ => "the supporter asked to be erased",
    };
}
