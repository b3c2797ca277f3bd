using System.Text.RegularExpressions;
using MimeKit;

namespace Campaign.Core.Inbound;

/// <summary>
/// Reads a bounce written for people rather than programs (Exim, qmail, Exchange's "Undeliverable:", Sendmail),
/// or the human part of a report whose machine part says too little. Only the words above the inline copy are
/// read: below it is our own mail.
/// </summary>
internal static partial class TextBounce
{
    private static readonly string[] MailSystems = ["mailer-daemon", "postmaster"];

    public static BounceFinding Read(string body, HeaderList headers)
    {
        var words = InlineCopy.Above(body);
        string? diagnostic = null;
        var found = StatusCodes.Find(words);
        if (found is not null) diagnostic = StatusCodes.Clean(StatusCodes.ReplyAt(words, found.Index));
        else if (StatusCodes.FromWords(words) is { } said)
        {
            found = said;
            diagnostic = StatusCodes.Clean(StatusCodes.LineAround(words, said.Index));
        }
        var recipient = Addresses.First(headers["X-Failed-Recipients"]) ?? Named(words, headers);
        return new BounceFinding(null, found?.Status, diagnostic, recipient);
    }

    /// <summary>
    /// The address the text says failed: qmail's "&lt;alice@example.org&gt;:" line, Exim's "RCPT TO:&lt;...&gt;",
    /// else the first address that is not the bounce's own sender or us.
    /// </summary>
    private static string? Named(string words, HeaderList headers)
    {
        if (QmailRecipient().Match(words) is { Success: true } qmail) return Addresses.First(qmail.Groups["address"].Value);
        if (RcptTo().Match(words) is { Success: true } rcpt) return Addresses.First(rcpt.Groups["address"].Value);
        var own = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in new[] { HeaderId.From, HeaderId.To, HeaderId.ReplyTo, HeaderId.Sender })
            if (headers[field] is { } value && InternetAddressList.TryParse(value, out var list))
                foreach (var mailbox in list.Mailboxes) own.Add(mailbox.Address);
        foreach (Match address in Address().Matches(words))
        {
            var value = address.Value.TrimEnd('.');
            var local = value[..value.IndexOf('@', StringComparison.Ordinal)];
            if (!own.Contains(value) && !MailSystems.Contains(local, StringComparer.OrdinalIgnoreCase)) return value;
        }
        return null;
    }

    [GeneratedRegex(@"^<(?<address>[^<>\s]+@[^<>\s]+)>:[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex QmailRecipient();

    [GeneratedRegex(@"RCPT TO:\s*<(?<address>[^<>\s]+@[^<>\s]+)>", RegexOptions.IgnoreCase)]
    private static partial Regex RcptTo();

    [GeneratedRegex(@"[A-Za-z0-9._%+'=-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")]
    private static partial Regex Address();
}
