using Campaign.Core.Privacy;
using Campaign.Core.Webhooks;
using Dapper;
using MimeKit;
using Npgsql;

namespace Campaign.Core.Replies;

/// <summary>
/// Stores a target's reply inside the transaction that stores its <c>inbound_mail</c> row (InboundMailbox): the
/// reply, its safe text and its attachments are there together or not at all. Subject, text, file names and
/// files are sealed: a ministry's answer may quote the supporter's letter it answers.
/// </summary>
public sealed class TargetReplies(SupporterVault vault, WebhookQueue? webhooks = null)
{
    private readonly WebhookQueue webhooks = webhooks ?? WebhookQueue.None;

    /// <param name="limit">Bytes an attachment may have and still be kept (<c>Inbound:ReplyAttachmentLimit</c>).</param>
    /// <param name="count">Attachments kept per reply (<c>Inbound:ReplyAttachmentCount</c>).</param>
    /// <returns>The reply's id; null when the same mail was stored already (read twice, by SMTP and IMAP).</returns>
    public async Task<long?> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long inboundMail, ReplyOrigin origin,
        bool autoReply, MimeMessage mail, DateTimeOffset receivedAt, long limit, int count)
    {
        var messageId = string.IsNullOrWhiteSpace(mail.MessageId) || mail.MessageId.Length > 998 ? null : mail.MessageId;
        var id = await connection.ExecuteScalarAsync<long?>("""
            insert into target_replies (inbound_mail, campaign, target_id, kind, received_at, message_id, subject, text, sealed_with)
            values (@inboundMail, @Campaign, @TargetId, @kind, @receivedAt, @messageId, @subject, @text, @key)
            on conflict (campaign, message_id) where message_id is not null do nothing
            returning id
            """, new
        {
            inboundMail, origin.Campaign, origin.TargetId, kind = autoReply ? ReplyKinds.AutoReply : ReplyKinds.Reply,
            receivedAt = receivedAt.UtcDateTime, messageId,
            subject = vault.Seal(mail.Subject is { } s ? ReplyText.Clean(s) : null, SupporterVault.ReplySubject),
            text = vault.Seal(ReplyText.Of(mail), SupporterVault.ReplyText), key = vault.CurrentKey,
        }, transaction);
        if (id is null) return null;
        foreach (var file in ReplyAttachment.Of(mail, limit, count))
        {
            await connection.ExecuteAsync("""
                insert into target_reply_attachments (reply, n, file_name, content_type, size, kept, content, sealed_with)
                values (@id, @N, @name, @ContentType, @Size, @Kept, @content, @key)
                """, new
            {
                id, file.N, name = vault.Seal(file.FileName, SupporterVault.ReplyFileName), file.ContentType, file.Size, file.Kept,
                content = file.Content is { } bytes ? vault.Seal(bytes, SupporterVault.ReplyAttachment) : null, key = vault.CurrentKey,
            }, transaction);
        }
        // Who answered and when, never what they wrote: a reply may quote the supporter's letter.
        await webhooks.QueueAsync(connection, transaction, WebhookEvents.ReplyReceived, origin.Campaign, new
        {
            campaign = origin.Campaign, target = origin.TargetId, kind = autoReply ? ReplyKinds.AutoReply : ReplyKinds.Reply, reply = id,
            receivedAt = receivedAt.UtcDateTime,
        }, receivedAt);
        return id;
    }
}
