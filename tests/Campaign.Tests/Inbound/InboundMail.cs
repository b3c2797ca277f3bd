using System.Text;
using MimeKit;

namespace Campaign.Tests.Inbound;

/// <summary>Inbound mail for the classifier tests: the sample files, and mail built from raw text as a server sends it.</summary>
internal static class InboundMail
{
    public static string SamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "Inbound", "Samples", name);

    public static IEnumerable<string> SampleNames() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Inbound", "Samples"), "*.eml").Select(Path.GetFileName).OfType<string>().Order();

    public static MimeMessage Sample(string name) => MimeMessage.Load(SamplePath(name));

    public static MimeMessage Parse(string raw) => Parse(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")));

    public static MimeMessage Parse(byte[] raw)
    {
        using var stream = new MemoryStream(raw);
        return MimeMessage.Load(stream);
    }

    /// <summary>The parsed mail, or null for bytes MimeKit refuses (the classifier only promises to read what MimeKit parsed).</summary>
    public static MimeMessage? TryParse(byte[] raw)
    {
        try
        {
            return Parse(raw);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A person's (or a person's program's) mail to us, with the given extra headers.</summary>
    public static MimeMessage FromPerson(string subject, string body, params (string Field, string Value)[] headers)
    {
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress("Somsak", "somsak@example.org"));
        mail.To.Add(new MailboxAddress("Let Them Pass", "letters@example.com"));
        mail.Subject = subject;
        mail.InReplyTo = "9f8e7d6c5b4a39281706f5e4d3c2b1a0@example.com";
        foreach (var (field, value) in headers) mail.Headers.Add(field, value);
        mail.Body = new TextPart("plain") { Text = body };
        return mail;
    }

    /// <summary>A minimal RFC 3464 report with the given recipient block and, optionally, the human text.</summary>
    public static MimeMessage Report(string recipientFields, string text = "Your message could not be delivered.", string? returnedHeaders = null) =>
        Parse($"""
            From: MAILER-DAEMON@mx.example.org
            To: bounces+a1b2c3d4@example.com
            Subject: Delivery Status Notification (Failure)
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="r"

            --r
            Content-Type: text/plain

            {text}

            --r
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.org

            {recipientFields}

            {(returnedHeaders is null ? "" : $"--r\nContent-Type: text/rfc822-headers\n\n{returnedHeaders}\n")}
            --r--
            """);
}
