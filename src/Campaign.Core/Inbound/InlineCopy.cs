using System.Text.RegularExpressions;

namespace Campaign.Core.Inbound;

/// <summary>
/// Where a text bounce starts quoting the message it returns. The server's words are above the marker; below
/// it is our own mail, whose numbers and words must not be read as the server's.
/// </summary>
internal static partial class InlineCopy
{
    /// <summary>The index of the marker line, or -1 when the text quotes nothing.</summary>
    public static int Start(string body)
    {
        var marker = Marker().Match(body);
        return marker.Success ? marker.Index : -1;
    }

    /// <summary>The text above the marker: what the mail system itself wrote.</summary>
    public static string Above(string body)
    {
        var start = Start(body);
        return start < 0 ? body : body[..start];
    }

    // qmail "--- Below this line is a copy of the message.", Exim "------ This is a copy of the message, including
    // all the headers. ------", Gmail "----- Original message -----", Exchange "Original message headers:",
    // Sendmail "----- Original message follows -----" / "------ Returned message ------".
    [GeneratedRegex(@"^[ \t]*(?:-{2,}[^\n]*?(?:copy of the (?:message|body)|original message|message follows|returned message|undelivered message|headers of the original|message headers)|(?:original message headers|below this line is a copy of the message))[^\n]*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex Marker();
}
