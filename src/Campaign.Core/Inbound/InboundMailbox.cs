using Campaign.Core.Campaigns;
using Campaign.Core.Deliverability;
using Campaign.Core.Outbox;
using Campaign.Core.Privacy;
using Campaign.Core.Replies;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace Campaign.Core.Inbound;

/// <summary>What became of one piece of mail that came back.</summary>
public sealed record InboundReceipt(long Id, string Kind);

/// <summary>
/// Where every piece of mail that comes back arrives, from the SMTP listener or the IMAP mailbox. It is read
/// (InboundClassifier), tied to our message by its bounce address (VERP) or else its Message-ID, stored and
/// acted on (BounceRecorder) in one transaction. Never throws for bad mail; nothing is dropped silently:
/// every piece gets a row. The mail itself is kept (sealed) only where an admin has to read it — unreadable or
/// unrecognised mail, replies, anything about a message we never sent, and auto-replies from targets — and
/// never for a recognised bounce or complaint, which may quote a supporter's whole confirmation. A reply or an
/// auto-reply from a target (<see cref="ReplyOrigin"/>) is also listed as the target's reply, in the same transaction.
/// </summary>
public sealed partial class InboundMailbox(NpgsqlDataSource dataSource, SupporterVault vault, ReturnPath returnPath, BounceRecorder bounces,
    InboundAddresses addresses, CampaignCatalog catalog, TargetReplies replies, IOptions<InboundOptions> options,
    TimeProvider time, ILogger<InboundMailbox> logger)
{
    private static readonly string[] AddressHeaders = ["Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc"];

    /// <param name="raw">The message as it came, RFC 5322 bytes.</param>
    /// <param name="recipients">The envelope recipients (SMTP); for IMAP, empty: the headers say.</param>
    /// <param name="source"><c>smtp</c> or <c>imap</c>.</param>
    public async Task<InboundReceipt> AcceptAsync(ReadOnlyMemory<byte> raw, IReadOnlyList<string> recipients, string source, CancellationToken cancellationToken)
    {
        var bytes = raw.ToArray();
        var mail = Parse(bytes);
        var report = mail is null ? null : Classify(mail);
        var kind = report is null ? InboundKinds.Unreadable : KindOf(report.Kind);
        var verp = OurMessage(recipients, mail);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var message = verp is not null || report?.OriginalMessageId is not null
            ? await BounceRecorder.FindAsync(connection, transaction, verp, report?.OriginalMessageId)
            : null;
        var keep = report is null || message is null
            || report.Kind is InboundKind.Unrecognised or InboundKind.Reply
            || (report.Kind == InboundKind.AutoReply && MessageKind.GoesToTarget(message.Kind));
        var id = await connection.ExecuteScalarAsync<long>("""
            insert into inbound_mail (received_at, source, kind, message, status, diagnostic, size, raw, sealed_with)
            values (@now, @source, @kind, @message, @status, @diagnostic, @size, @raw, @key)
            returning id
            """, new
        {
            now = time.GetUtcNow().UtcDateTime, source, kind, message = message?.Id, status = report?.Status,
            diagnostic = report?.Diagnostic is { } d ? AddressRedaction.Redact(d) : null, size = bytes.Length,
            raw = keep ? vault.Seal(bytes, SupporterVault.InboundRaw) : null, key = keep ? vault.CurrentKey : (int?)null,
        }, transaction);
        if (report is not null && message is not null) await bounces.ApplyAsync(connection, transaction, report, message, time.GetUtcNow());
        var reply = report is { Kind: InboundKind.Reply or InboundKind.AutoReply } ? await RecordReplyAsync(connection, transaction, id, report, message, recipients, mail!) : null;
        await transaction.CommitAsync(cancellationToken);
        LogReceived(id, source, kind, message?.Id);
        if (reply is not null) LogTargetReply(id, reply.Campaign, reply.TargetId);
        return new InboundReceipt(id, kind);
    }

    /// <summary>A target's reply, listed for the campaign's admins; mail from anyone else stays only in inbound_mail.</summary>
    private async Task<ReplyOrigin?> RecordReplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long inboundMail, InboundReport report,
        BounceRecorder.Bounced? message, IReadOnlyList<string> recipients, MimeMessage mail)
    {
        var toReplyAddress = AddressesOf(recipients, mail).Any(addresses.IsReplyAddress);
        var origin = ReplyOrigin.Of(catalog, message is null ? null : (message.Kind, message.Campaign, message.TargetId), toReplyAddress, report.Recipient);
        if (origin is null) return null;
        var limits = options.Value;
        await replies.RecordAsync(connection, transaction, inboundMail, origin, report.Kind == InboundKind.AutoReply, mail, time.GetUtcNow(),
            limits.ReplyAttachmentLimit, limits.ReplyAttachmentCount);
        return origin;
    }

    private static MimeMessage? Parse(byte[] raw)
    {
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            var mail = MimeMessage.Load(stream);
            // MimeKit reads almost anything as a message; bytes with no header at all are not mail.
            return mail.Headers.Count == 0 ? null : mail;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private InboundReport Classify(MimeMessage mail)
    {
        try
        {
            return InboundClassifier.Classify(mail);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The classifier promises not to throw; if it ever does, the mail is kept for an admin all the same.
            LogUnclassified(e.GetType().Name);
            return new InboundReport(InboundKind.Unrecognised, null, null, null, null);
        }
    }

    /// <summary>The row id behind the first of our bounce addresses the mail came for.</summary>
    private long? OurMessage(IReadOnlyList<string> recipients, MimeMessage? mail)
    {
        foreach (var address in AddressesOf(recipients, mail))
        {
            if (returnPath.TryRead(address, out var id)) return id;
        }
        return null;
    }

    /// <summary>Where the mail came for: the envelope's recipients (SMTP), then what its headers say (IMAP has no envelope).</summary>
    private static IEnumerable<string> AddressesOf(IReadOnlyList<string> recipients, MimeMessage? mail) =>
        recipients.Concat(mail is null ? [] : AddressHeaders.SelectMany(name => mail.Headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)))
            .SelectMany(h => InternetAddressList.TryParse(h.Value, out var list) ? list.Mailboxes.Select(m => m.Address) : []));

    private static string KindOf(InboundKind kind) => kind switch
    {
        InboundKind.HardBounce => InboundKinds.HardBounce,
        InboundKind.SoftBounce => InboundKinds.SoftBounce,
        InboundKind.Complaint => InboundKinds.Complaint,
        InboundKind.AutoReply => InboundKinds.AutoReply,
        InboundKind.Reply => InboundKinds.Reply,
        _ => InboundKinds.Unrecognised,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound mail {Id} from {Source}: {Kind}, about message {Message}")]
    private partial void LogReceived(long id, string source, string kind, long? message);

    // The campaign and target are public (campaign files); the sender and the text never reach a log.
    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound mail {Id} is a reply from target {Target} of {Campaign}")]
    private partial void LogTargetReply(long id, string campaign, string target);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbound mail could not be classified ({Error}); it is kept as unrecognised")]
    private partial void LogUnclassified(string error);
}
