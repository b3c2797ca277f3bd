using MimeKit;

namespace Campaign.Tests.Replies;

/// <summary>Mail as a ministry's mail program writes it back, 7-bit as it travels (the test's SMTP client sends ASCII).</summary>
public static class ReplyMail
{
    public static string Marker() => $"m{Guid.NewGuid():N}"[..17];

    /// <param name="inReplyTo">The Message-ID it answers (without brackets); null for mail that answers nothing.</param>
    public static byte[] Write(string from, string to, string subject, string? inReplyTo, string? text, string? html = null,
        IEnumerable<(string Name, string Type, byte[] Content)>? files = null, bool automatic = false)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(from));
        mail.To.Add(MailboxAddress.Parse(to));
        mail.Subject = subject;
        mail.MessageId = $"{Guid.NewGuid():N}@mail.ministry.example";
        mail.Date = DateTimeOffset.UtcNow;
        if (inReplyTo is not null)
        {
            mail.InReplyTo = inReplyTo;
            mail.References.Add(inReplyTo);
        }
        if (automatic) mail.Headers.Add("Auto-Submitted", "auto-replied");
        var body = new BodyBuilder { TextBody = text, HtmlBody = html };
        foreach (var (name, type, content) in files ?? []) body.Attachments.Add(name, content, ContentType.Parse(type));
        mail.Body = body.ToMessageBody();
        mail.Prepare(EncodingConstraint.SevenBit);
        using var bytes = new MemoryStream();
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        mail.WriteTo(options, bytes);
        return bytes.ToArray();
    }
}
