using System.Text.RegularExpressions;
using MimeKit;

namespace Campaign.Core.Inbound;

/// <summary>
/// What makes mail look like a bounce before its words are read: it comes from a mail system (MAILER-DAEMON,
/// postmaster, a null return path), names failed recipients, has a bounce subject, or is a report. Used on the
/// mail itself and on the message a bounce returns, which tells a bounce of a bounce (a mail loop) apart.
/// </summary>
internal static partial class BounceSigns
{
    private static readonly string[] MailSystems = ["mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "maildaemon", "postmaster"];

    public static bool Show(HeaderList headers)
    {
        if (headers.Contains("X-Failed-Recipients")) return true;
        if (headers[HeaderId.ReturnPath] is { } returnPath && returnPath.Trim() == "<>") return true;
        if (headers[HeaderId.ContentType] is { } type && type.Contains("multipart/report", StringComparison.OrdinalIgnoreCase)) return true;
        if (headers[HeaderId.Subject] is { } subject && BounceSubject().IsMatch(subject)) return true;
        return FromMailSystem(headers);
    }

    private static bool FromMailSystem(HeaderList headers)
    {
        if (headers[HeaderId.From] is not { } from || !InternetAddressList.TryParse(from, out var senders)) return false;
        foreach (var sender in senders.Mailboxes)
        {
            var local = sender.LocalPart.ToLowerInvariant();
            if (MailSystems.Contains(local)) return true;
            if (sender.Name is { } name && name.Contains("mail delivery", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    [GeneratedRegex(@"^\s*(?:\[[^\]]{0,40}\]\s*)?(?:undeliverable|undelivered|delivery status notification|mail delivery failed|mail delivery failure|delivery failure|delivery failed|delivery has failed|failure notice|returned mail|mail system error|message not delivered|non-?delivery|nondeliverable|delayed mail|warning: could not send message|mail could not be delivered)", RegexOptions.IgnoreCase)]
    private static partial Regex BounceSubject();
}
