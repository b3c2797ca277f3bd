using Campaign.Core.Privacy;
using Campaign.Service.Embedded;
using Dapper;
using MimeKit;
using Npgsql;

namespace Campaign.Service.MailCapture;

/// <summary>
/// Keeps what the embedded capture SMTP server receives, in the database, so that any web process can
/// show it at <c>/admin/mail</c> whichever worker sent it. Copies of supporters' mail carry their names, addresses
/// and letters, so recipients, subject and bytes are sealed like a signature's details.
/// </summary>
public sealed class CapturedMailStore(NpgsqlDataSource dataSource, SupporterVault vault)
{
    public sealed class Summary
    {
        public long Id { get; init; }
        public string MailFrom { get; init; } = "";
        public string[] Recipients { get; init; } = [];
        public string? Subject { get; init; }
        public string? MessageId { get; init; }
        public DateTime ReceivedAt { get; init; }
    }

    public async Task SaveAsync(CapturedMail mail, CancellationToken cancellationToken)
    {
        string? subject = null, messageId = null;
        try
        {
            using var stream = new MemoryStream(mail.Raw, writable: false);
            var parsed = await MimeMessage.LoadAsync(stream, cancellationToken);
            subject = parsed.Subject;
            messageId = parsed.MessageId;
        }
        catch (FormatException)
        {
            // Kept anyway: an admin may want to see exactly what arrived, parseable or not.
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            insert into captured_mail (mail_from, recipients, subject, message_id, raw, received_at, sealed_with)
            values (@MailFrom, @Recipients, @Subject, @messageId, @Raw, @ReceivedAt, @SealedWith)
            """, new
        {
            mail.MailFrom,
            Recipients = vault.Seal(string.Join(',', mail.Recipients), SupporterVault.CapturedRecipients),
            Subject = vault.Seal(subject, SupporterVault.CapturedSubject),
            messageId,
            Raw = vault.Seal(mail.Raw, SupporterVault.CapturedRaw),
            ReceivedAt = mail.ReceivedAt.UtcDateTime,
            SealedWith = vault.CurrentKey,
        });
    }

    public async Task<IReadOnlyList<Summary>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string MailFrom, byte[] Recipients, byte[]? Subject, string? MessageId, DateTime ReceivedAt)>(
            "select id, mail_from, recipients, subject, message_id, received_at from captured_mail order by id desc limit @limit",
            new { limit });
        return rows.Select(r => new Summary
        {
            Id = r.Id,
            MailFrom = r.MailFrom,
            Recipients = (vault.Open(r.Recipients, SupporterVault.CapturedRecipients) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            Subject = vault.Open(r.Subject, SupporterVault.CapturedSubject),
            MessageId = r.MessageId,
            ReceivedAt = r.ReceivedAt,
        }).ToList();
    }

    public async Task<byte[]?> RawAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var raw = await connection.ExecuteScalarAsync<byte[]?>("select raw from captured_mail where id = @id", new { id });
        return raw is null ? null : vault.OpenBytes(raw, SupporterVault.CapturedRaw);
    }
}
