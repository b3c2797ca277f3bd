using Campaign.Service.Embedded;
using Dapper;
using MimeKit;
using Npgsql;

namespace Campaign.Service.MailCapture;

/// <summary>
/// Keeps what the embedded capture SMTP server receives, in the database, so that any web process can
/// show it at <c>/admin/mail</c> whichever worker sent it.
/// </summary>
public sealed class CapturedMailStore(NpgsqlDataSource dataSource)
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
            insert into captured_mail (mail_from, recipients, subject, message_id, raw, received_at)
            values (@MailFrom, @Recipients, @subject, @messageId, @Raw, @ReceivedAt)
            """, new { mail.MailFrom, Recipients = mail.Recipients.ToArray(), subject, messageId, mail.Raw, ReceivedAt = mail.ReceivedAt.UtcDateTime });
    }

    public async Task<IReadOnlyList<Summary>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Summary>(
            "select id, mail_from as MailFrom, recipients, subject, message_id as MessageId, received_at as ReceivedAt from captured_mail order by id desc limit @limit",
            new { limit });
        return rows.ToList();
    }

    public async Task<byte[]?> RawAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<byte[]?>("select raw from captured_mail where id = @id", new { id });
    }
}
