using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Core.Privacy;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// Signing, confirming and withdrawing. Each writes the signature and the mail it implies in one transaction,
/// so a crash can never leave a confirmed signature without its letters, or a letter without its signature.
/// </summary>
public sealed partial class SignatureBook(
    NpgsqlDataSource dataSource,
    CampaignCatalog catalog,
    OutboxWriter outbox,
    IDispatchScheduler dispatcher,
    IConfirmationWatch confirmations,
    SupporterVault vault,
    SupporterErasure erasure,
    IOptions<DeliveryOptions> delivery,
    TimeProvider time,
    ILogger<SignatureBook> logger,
    IOptions<MailboxOptions>? mailboxes = null)
{
    private readonly MailboxOptions limits = mailboxes?.Value ?? new MailboxOptions();
    private readonly SourceKeys sources = new(vault.Ring);
    private readonly LetterKeys letters = new(vault.Ring);

    // A suppressed address (its owner erased themselves and asked never to be emailed again) gets no row and
    // no email, and the same answer as anyone else. Signers of one mailbox wait for each other first (the lock, taken in the same statement to spare a round
    // trip), so that a thousand variants of it signed at once cannot all pass the daily count before any is recorded.
    private const string InsertSignature = """
        with locked as materialized (select pg_advisory_xact_lock(hashtextextended(@EmailKey, 13)))
        insert into signatures (campaign, email, email_key, name, country, postcode, locale, comment, letter_body, share, replies, created_at, sealed_with, keyed_as,
                                network_key, domain_key, letter_key)
        select @Campaign, @Email, @EmailKey, @Name, @Country, @Postcode, @Language, @Comment, @LetterBody, @Share, @Replies, @Now, @SealedWith, 1,
               @NetworkKey, @DomainKey, @LetterKey
        from locked
        where not exists (select 1 from suppressed_addresses where address_key = @EmailKey and not allows_requested)
        on conflict (campaign, email_key) do nothing
        returning id
        """;

    // One statement on every path, new signature or not, so that the answer takes the same round trips either
    // way: the signature of this mailbox in this campaign, and whether a confirmation is due now — for a new
    // pending signature, or a reminder once the last one is old enough — and within the day's limit. When it is,
    // the send is counted here; the email itself is queued by the caller.
    private const string ClaimConfirmation = """
        with state as (
            select s.id, s.status,
                   (select max(sent_at) from confirmation_sends c where c.signature_id = s.id) as last_sent,
                   (select count(*) from confirmation_sends c where c.address_key = @EmailKey and c.sent_at > @Since) as sent_today
            from signatures s
            where s.campaign = @Campaign and s.email_key = @EmailKey
        ), pruned as (
            delete from confirmation_sends where address_key = @EmailKey and sent_at <= @Since
        ), claimed as (
            insert into confirmation_sends (address_key, signature_id, sent_at)
            select @EmailKey, id, @Now from state
            where status = 'pending' and sent_today < @Limit and (@IsNew or last_sent is null or last_sent <= @RemindAfter)
            returning signature_id
        )
        select state.id, exists (select 1 from claimed) as Due from state
        """;

    private const string ConfirmPending = """
        update signatures set status = 'confirmed', confirmed_at = @now
        where id = @id and status = 'pending'
        returning campaign
        """;

    /// <summary>
    /// Records a pending signature and queues its confirmation email. Signing again while pending queues a
    /// reminder at most once per <see cref="MailboxOptions.ReminderInterval"/>; no path sends more than
    /// <see cref="MailboxOptions.ConfirmationsPerAddressPerDay"/> confirmations to one mailbox a day. The
    /// caller answers every outcome alike: whether an address had signed is never revealed.
    /// </summary>
    public Task<SignOutcome> SignAsync(CampaignDefinition campaign, SignatureRequest request, CancellationToken cancellationToken = default) =>
        SignAsync(campaign, request, SignatureSource.Unknown, cancellationToken);

    /// <summary>As <see cref="SignAsync(CampaignDefinition, SignatureRequest, CancellationToken)"/>, keeping the keyed hashes of where it came from.</summary>
    public async Task<SignOutcome> SignAsync(CampaignDefinition campaign, SignatureRequest request, SignatureSource source, CancellationToken cancellationToken = default) =>
        (await SignManyAsync([new Signing(campaign, request, source)], cancellationToken))[0];

    /// <summary>
    /// Signs a batch in one transaction and one commit: each signature exactly as if it had been signed alone, in
    /// the batch's order, so two signings of one mailbox in one batch behave as in two. Nothing of the batch stands
    /// unless all of it does (the caller retries the signings one by one if it fails).
    /// </summary>
    /// <remarks>
    /// Three round trips whatever the batch's size: the inserts, then the confirmation claims (which must see the
    /// inserts), then the outbox rows. Each statement takes its mailbox's lock first; the batch is ordered by
    /// mailbox, so two processes signing overlapping batches take their locks in one order and never deadlock.
    /// </remarks>
    public async Task<IReadOnlyList<SignOutcome>> SignManyAsync(IReadOnlyList<Signing> signings, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var rows = signings.Select((signing, index) => new SigningRow(index, signing, vault.AddressKey(signing.Request.Email)))
            .OrderBy(r => r.EmailKey, StringComparer.Ordinal).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var inserts = new NpgsqlBatch(connection, transaction))
        {
            foreach (var row in rows) inserts.BatchCommands.Add(InsertCommand(row, now));
            await using var reader = await inserts.ExecuteReaderAsync(cancellationToken);
            foreach (var row in rows)
            {
                row.Id = await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : null;
                await reader.NextResultAsync(cancellationToken);
            }
        }

        await using (var claims = new NpgsqlBatch(connection, transaction))
        {
            foreach (var row in rows) claims.BatchCommands.Add(ClaimCommand(row, now));
            await using var reader = await claims.ExecuteReaderAsync(cancellationToken);
            foreach (var row in rows)
            {
                // No row: a suppressed address. Not due: confirmed or ended, reminded lately, or the mailbox's day is full.
                if (await reader.ReadAsync(cancellationToken)) (row.SignatureId, row.Due) = (reader.GetInt64(0), reader.GetBoolean(1));
                await reader.NextResultAsync(cancellationToken);
            }
        }

        var confirmations = new List<NewMessage>();
        foreach (var row in rows)
        {
            if (row.Due)
            {
                var dedupeKey = row.Id is not null ? $"confirmation:{row.Id}" : $"confirmation:{row.SignatureId}:{now.ToUnixTimeSeconds()}";
                // No address in the outbox: the confirmation is addressed when it is sent, from the sealed signature.
                confirmations.Add(new NewMessage(dedupeKey, row.Signing.Campaign.Slug, MessageKind.Confirmation, row.SignatureId!.Value, null, null, row.Signing.Request.Language));
            }
            else if (row.Id is not null && row.SignatureId is not null)
            {
                LogConfirmationWithheld(row.Signing.Campaign.Slug, limits.ConfirmationsPerAddressPerDay);
            }
        }
        await outbox.QueueAsync(connection, transaction, confirmations, now);
        await transaction.CommitAsync(cancellationToken);
        if (confirmations.Count > 0) dispatcher.Kick();
        var outcomes = new SignOutcome[signings.Count];
        foreach (var row in rows) outcomes[row.Index] = row.Id is null ? SignOutcome.AlreadySigned : SignOutcome.Pending;
        return outcomes;
    }

    private NpgsqlBatchCommand InsertCommand(SigningRow row, DateTimeOffset now)
    {
        var (campaign, request, source) = row.Signing;
        // A letter left blank is no letter of the supporter's own: nothing to seal, and the campaign's text goes.
        var letterBody = string.IsNullOrWhiteSpace(request.LetterBody) ? null : request.LetterBody;
        return Command(InsertSignature,
            Parameter("Campaign", campaign.Slug),
            Parameter("Email", vault.Seal(request.Email, SupporterVault.Email)),
            Parameter("EmailKey", row.EmailKey),
            Parameter("Name", vault.Seal(request.Name, SupporterVault.Name)),
            Parameter("Country", request.Country),
            Parameter("Postcode", vault.Seal(request.Postcode, SupporterVault.Postcode)),
            Parameter("Language", request.Language),
            Parameter("Comment", vault.Seal(request.Comment, SupporterVault.Comment)),
            Parameter("LetterBody", vault.Seal(letterBody, SupporterVault.LetterBody)),
            Parameter("Share", request.Share),
            Parameter("Replies", request.Replies),
            Parameter("Now", now.UtcDateTime),
            Parameter("SealedWith", vault.CurrentKey),
            Parameter("NetworkKey", source.Network is { } network ? sources.Network(network) : null),
            Parameter("DomainKey", sources.Domain(request.Email)),
            // Its keyed hash finds the same text sent by many (SupporterLookup sends that as the campaign's letter).
            Parameter("LetterKey", letters.Of(letterBody)));
    }

    private NpgsqlBatchCommand ClaimCommand(SigningRow row, DateTimeOffset now) => Command(ClaimConfirmation,
        Parameter("Campaign", row.Signing.Campaign.Slug),
        Parameter("EmailKey", row.EmailKey),
        Parameter("Since", (now - TimeSpan.FromDays(1)).UtcDateTime),
        Parameter("Now", now.UtcDateTime),
        Parameter("RemindAfter", (now - limits.ReminderInterval).UtcDateTime),
        Parameter("Limit", limits.ConfirmationsPerAddressPerDay),
        Parameter("IsNew", row.Id is not null));

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    // Typed by the value's static type, so a null sealed field is a null bytea and a null key a null text, as
    // Dapper's parameters were.
    private static NpgsqlParameter<T> Parameter<T>(string name, T value) => new(name, value);

    /// <summary>One signing of a batch: where it stands in the batch, and what the statements found.</summary>
    private sealed class SigningRow(int index, Signing signing, string emailKey)
    {
        public int Index => index;
        public Signing Signing => signing;
        public string EmailKey => emailKey;
        /// <summary>The new signature's id; null when the mailbox had signed (or is suppressed).</summary>
        public long? Id { get; set; }
        /// <summary>The mailbox's signature in the campaign, new or not; null when suppressed.</summary>
        public long? SignatureId { get; set; }
        public bool Due { get; set; }
    }

    /// <summary>Confirms a signature and, for a letter campaign, queues one letter per target. Idempotent.</summary>
    public async Task<ConfirmOutcome> ConfirmAsync(long signatureId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var slug = await connection.ExecuteScalarAsync<string?>(ConfirmPending, new { id = signatureId, now = now.UtcDateTime }, transaction);
        if (slug is null)
        {
            var status = await connection.ExecuteScalarAsync<string?>("select status from signatures where id = @signatureId", new { signatureId }, transaction);
            return status == "confirmed" ? ConfirmOutcome.AlreadyConfirmed : ConfirmOutcome.Gone;
        }

        var campaign = catalog.Find(slug);
        // A supporter who signed in time may still confirm after closing: the signature counts, but the
        // campaign is over, so no new letter goes out in their name.
        if (campaign is { Kind: CampaignKind.Letter } && (campaign.Closes is null || now < campaign.Closes))
        {
            var letters = campaign.Targets.Select(target => new NewMessage(
                $"letter:{signatureId}:{target.Id}", slug, MessageKind.Letter, signatureId, target.Id,
                RecipientFor(target), target.Language)).ToList();
            await outbox.QueueAsync(connection, transaction, letters, now);
        }
        await transaction.CommitAsync(cancellationToken);
        dispatcher.Kick();
        // Not the request's token: the confirmation stands, so its milestone check should finish even if the client leaves.
        if (campaign is not null) await CheckMilestonesAsync(campaign, CancellationToken.None);
        return ConfirmOutcome.Confirmed;
    }

    /// <summary>Withdraws a signature and erases the supporter (<see cref="SupporterErasure"/>); false when it had already ended.</summary>
    public async Task<bool> WithdrawAsync(long signatureId, CancellationToken cancellationToken = default) =>
        (await erasure.EraseAsync([signatureId], ErasureReason.Withdrawal, cancellationToken)).Ended > 0;

    /// <summary>The campaign and language a signature was made in, for the pages a supporter reaches from an email.</summary>
    public async Task<SignatureOrigin?> OriginAsync(long signatureId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SignatureOrigin>(
            "select campaign, locale as language from signatures where id = @signatureId", new { signatureId });
    }

    private async Task CheckMilestonesAsync(CampaignDefinition campaign, CancellationToken cancellationToken)
    {
        try
        {
            await confirmations.ConfirmedAsync(campaign, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The confirmation has committed and stands; the recurring milestone check announces it shortly.
            LogMilestoneCheckFailed(campaign.Slug, e.Message);
        }
    }

    // The campaign only: neither the address nor its key (which would link the entries of one mailbox).
    [LoggerMessage(Level = LogLevel.Information, Message = "A signature in campaign {Campaign} got no confirmation email: its mailbox had {Limit} today (Abuse:ConfirmationsPerAddressPerDay)")]
    private partial void LogConfirmationWithheld(string campaign, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Milestone check for campaign {Campaign} failed after a confirmation: {Reason}")]
    private partial void LogMilestoneCheckFailed(string campaign, string reason);

    private string RecipientFor(Target target) => TargetAddress.For(target, delivery.Value);
}
