using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Core.Privacy;
using Campaign.Core.Webhooks;
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
    IOptions<MailboxOptions>? mailboxes = null,
    WebhookQueue? webhooks = null)
{
    private readonly WebhookQueue webhooks = webhooks ?? WebhookQueue.None;
    private readonly MailboxOptions limits = mailboxes?.Value ?? new MailboxOptions();
    private readonly SourceKeys sources = new(vault.Ring);
    private readonly LetterKeys letters = new(vault.Ring);

    // Signers of one mailbox wait for each other first, in the order of their keys (so two processes signing
    // overlapping batches never deadlock), so that a thousand variants of it signed at once cannot all pass the
    // daily count before any is recorded.
    private const string LockMailboxes = """
        select count(pg_advisory_xact_lock(hashtextextended(k, 13))) from (select unnest(@EmailKeys::text[]) as k order by 1) keys
        """;

    // A suppressed address (its owner erased themselves and asked never to be emailed again) gets no row and
    // no email, and the same answer as anyone else. One statement for a round of the batch, so PostgreSQL plans
    // once per round, not once per signature.
    private const string InsertSignatures = """
        insert into signatures (campaign, email, email_key, name, country, postcode, locale, comment, letter_body, share, replies, updates, created_at, sealed_with, keyed_as,
                                network_key, domain_key, letter_key)
        select w.campaign, w.email, w.email_key, w.name, w.country, w.postcode, w.locale, w.comment, w.letter_body, w.share, w.replies, w.updates, @Now, @SealedWith, 1,
               w.network_key, w.domain_key, w.letter_key
        from unnest(@Campaigns::text[], @Emails::bytea[], @EmailKeys::text[], @Names::bytea[], @Countries::text[], @Postcodes::bytea[], @Languages::text[],
                    @Comments::bytea[], @LetterBodies::bytea[], @Shares::boolean[], @Replies::boolean[], @Updates::boolean[], @NetworkKeys::text[], @DomainKeys::text[], @LetterKeys::text[])
             as w(campaign, email, email_key, name, country, postcode, locale, comment, letter_body, share, replies, updates, network_key, domain_key, letter_key)
        where not exists (select 1 from suppressed_addresses where address_key = w.email_key and not allows_requested)
        on conflict (campaign, email_key) do nothing
        returning email_key, id
        """;

    // For each signing of a round, new signature or not, so that the answer takes the same round trips either
    // way: the signature of its mailbox in its campaign, and whether a confirmation is due now — for a new
    // pending signature, or a reminder once the last one is old enough — and within the day's limit. When it is,
    // the send is counted here; the email itself is queued by the caller. A round holds each mailbox once, so no
    // signing of it sees another's count in the same statement.
    private const string ClaimConfirmations = """
        with wanted as (
            select * from unnest(@Campaigns::text[], @EmailKeys::text[], @IsNew::boolean[]) as w(campaign, email_key, is_new)
        ), state as (
            select w.email_key, w.is_new, s.id, s.status,
                   (select max(sent_at) from confirmation_sends c where c.signature_id = s.id) as last_sent,
                   (select count(*) from confirmation_sends c where c.address_key = w.email_key and c.sent_at > @Since) as sent_today
            from wanted w join signatures s on s.campaign = w.campaign and s.email_key = w.email_key
        ), pruned as (
            delete from confirmation_sends where address_key = any(@EmailKeys::text[]) and sent_at <= @Since
        ), claimed as (
            insert into confirmation_sends (address_key, signature_id, sent_at)
            select email_key, id, @Now from state
            where status = 'pending' and sent_today < @Limit and (is_new or last_sent is null or last_sent <= @RemindAfter)
            returning signature_id
        )
        select state.email_key, state.id, exists (select 1 from claimed where claimed.signature_id = state.id) as due from state
        """;

    private const string ConfirmPending = """
        update signatures set status = 'confirmed', confirmed_at = @now
        where id = @id and status = 'pending'
        returning campaign, country
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
    /// The batch is signed in rounds that hold each mailbox once: the first signing of every mailbox, then the
    /// second of those signed twice, and so on (almost always one round). A round is two round trips whatever its
    /// size — the locks and the inserts, then the confirmation claims, which must see the inserts — and the outbox
    /// rows of the whole batch one more.
    /// </remarks>
    public async Task<IReadOnlyList<SignOutcome>> SignManyAsync(IReadOnlyList<Signing> signings, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var rows = signings.Select((signing, index) => new SigningRow(index, signing, vault.AddressKey(signing.Request.Email))).ToList();
        var rounds = rows.GroupBy(r => r.EmailKey, StringComparer.Ordinal)
            .SelectMany(mailbox => mailbox.Select((row, nth) => (row, nth)))
            .GroupBy(x => x.nth, x => x.row).OrderBy(round => round.Key).Select(round => round.ToList());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var round in rounds) await SignRoundAsync(connection, transaction, round, now, cancellationToken);

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
        // New signatures only: signing again from another link is not another signer.
        await SignatureRefCounts.AddAsync(connection, transaction, rows.Where(r => r.Id is not null).Select(r => r.Signing), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var signing in signings) CampaignMeters.Signing(signing.Campaign.Slug);
        if (confirmations.Count > 0) dispatcher.Kick();
        var outcomes = new SignOutcome[signings.Count];
        foreach (var row in rows) outcomes[row.Index] = row.Id is null ? SignOutcome.AlreadySigned : SignOutcome.Pending;
        return outcomes;
    }

    /// <summary>One round of a batch: each mailbox in it once.</summary>
    private async Task SignRoundAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<SigningRow> round, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var emailKeys = round.ConvertAll(r => r.EmailKey).ToArray();
        var campaigns = round.ConvertAll(r => r.Signing.Campaign.Slug).ToArray();
        var byKey = round.ToDictionary(r => r.EmailKey, StringComparer.Ordinal);
        await using (var inserts = new NpgsqlBatch(connection, transaction))
        {
            inserts.BatchCommands.Add(Command(LockMailboxes, Parameter("EmailKeys", emailKeys)));
            inserts.BatchCommands.Add(InsertCommand(round, emailKeys, campaigns, now));
            await using var reader = await inserts.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) byKey[reader.GetString(0)].Id = reader.GetInt64(1);
        }

        await using var claims = new NpgsqlCommand(ClaimConfirmations, connection, transaction)
        {
            Parameters =
            {
                Parameter("Campaigns", campaigns),
                Parameter("EmailKeys", emailKeys),
                Parameter("IsNew", round.ConvertAll(r => r.Id is not null).ToArray()),
                Parameter("Since", (now - TimeSpan.FromDays(1)).UtcDateTime),
                Parameter("Now", now.UtcDateTime),
                Parameter("RemindAfter", (now - limits.ReminderInterval).UtcDateTime),
                Parameter("Limit", limits.ConfirmationsPerAddressPerDay),
            },
        };
        await using var claimed = await claims.ExecuteReaderAsync(cancellationToken);
        // No row: a suppressed address. Not due: confirmed or ended, reminded lately, or the mailbox's day is full.
        while (await claimed.ReadAsync(cancellationToken))
        {
            var row = byKey[claimed.GetString(0)];
            (row.SignatureId, row.Due) = (claimed.GetInt64(1), claimed.GetBoolean(2));
        }
    }

    private NpgsqlBatchCommand InsertCommand(List<SigningRow> round, string[] emailKeys, string[] campaigns, DateTimeOffset now)
    {
        // A letter left blank is no letter of the supporter's own: nothing to seal, and the campaign's text goes.
        var letterBodies = round.ConvertAll(r => string.IsNullOrWhiteSpace(r.Signing.Request.LetterBody) ? null : r.Signing.Request.LetterBody);
        byte[]?[] Sealed(Func<SignatureRequest, string?> field, string name) => round.ConvertAll(r => vault.Seal(field(r.Signing.Request), name)).ToArray();
        return Command(InsertSignatures,
            Parameter("Campaigns", campaigns),
            Parameter("Emails", Sealed(r => r.Email, SupporterVault.Email)),
            Parameter("EmailKeys", emailKeys),
            Parameter("Names", Sealed(r => r.Name, SupporterVault.Name)),
            Parameter("Countries", round.ConvertAll(r => r.Signing.Request.Country).ToArray()),
            Parameter("Postcodes", Sealed(r => r.Postcode, SupporterVault.Postcode)),
            Parameter("Languages", round.ConvertAll(r => r.Signing.Request.Language).ToArray()),
            Parameter("Comments", Sealed(r => r.Comment, SupporterVault.Comment)),
            Parameter("LetterBodies", letterBodies.ConvertAll(body => vault.Seal(body, SupporterVault.LetterBody)).ToArray()),
            Parameter("Shares", round.ConvertAll(r => r.Signing.Request.Share).ToArray()),
            Parameter("Replies", round.ConvertAll(r => r.Signing.Request.Replies).ToArray()),
            Parameter("Updates", round.ConvertAll(r => r.Signing.Request.Updates).ToArray()),
            Parameter("Now", now.UtcDateTime),
            Parameter("SealedWith", vault.CurrentKey),
            Parameter("NetworkKeys", round.ConvertAll(r => r.Signing.Source.Network is { } network ? sources.Network(network) : null).ToArray()),
            Parameter("DomainKeys", round.ConvertAll(r => sources.Domain(r.Signing.Request.Email)).ToArray()),
            // Its keyed hash finds the same text sent by many (SupporterLookup sends that as the campaign's letter).
            Parameter("LetterKeys", letterBodies.ConvertAll(letters.Of).ToArray()));
    }

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
        var confirmed = await connection.QuerySingleOrDefaultAsync<ConfirmedRow>(ConfirmPending, new { id = signatureId, now = now.UtcDateTime }, transaction);
        if (confirmed is null)
        {
            var status = await connection.ExecuteScalarAsync<string?>("select status from signatures where id = @signatureId", new { signatureId }, transaction);
            return status == "confirmed" ? ConfirmOutcome.AlreadyConfirmed : ConfirmOutcome.Gone;
        }

        var (slug, country) = (confirmed.Campaign, confirmed.Country);
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
        if (webhooks.Wants(WebhookEvents.SignatureConfirmed))
        {
            // Counts and the country the signer chose; who they are, only to an endpoint allowed it, if they chose to share.
            var count = await SignatureCounts.ConfirmedAsync(connection, slug, transaction);
            await webhooks.QueueAsync(connection, transaction, WebhookEvents.SignatureConfirmed, slug,
                new { campaign = slug, country, confirmed = count }, now, signatureId);
        }
        await transaction.CommitAsync(cancellationToken);
        CampaignMeters.Confirmation(slug);
        dispatcher.Kick();
        // Not the request's token: the confirmation stands, so its milestone check should finish even if the client leaves.
        if (campaign is not null) await CheckMilestonesAsync(campaign, CancellationToken.None);
        return ConfirmOutcome.Confirmed;
    }

    private sealed record ConfirmedRow(string Campaign, string Country);

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
