using System.Text.RegularExpressions;
using MimeKit;

namespace Campaign.Core.Inbound;

/// <summary>
/// Signs that a machine answered for a person: out of office, vacation, "we received your letter". Ministries
/// send many; none of them says anything about whether the address works, so none of them is a bounce.
/// </summary>
internal static partial class AutoReplies
{
    private const int OpeningLength = 2000;

    private static readonly string[] Declarations = ["X-Autoreply", "X-Autorespond", "X-Autoresponder"];

    /// <summary>
    /// Signs no bounce carries: an auto-reply subject, X-Autoreply/X-Autorespond, Precedence: auto_reply.
    /// Auto-Submitted is not one of them: Exim and Gmail mark their bounces auto-replied.
    /// </summary>
    public static bool Declared(HeaderList headers)
    {
        if (Declarations.Any(headers.Contains)) return true;
        if (headers[HeaderId.Precedence] is { } precedence && precedence.Trim().Equals("auto_reply", StringComparison.OrdinalIgnoreCase)) return true;
        return headers[HeaderId.Subject] is { } subject && (SubjectStart().IsMatch(subject) || OutOfOffice().IsMatch(subject));
    }

    /// <summary>
    /// Any sign at all: the declared ones, Auto-Submitted other than "no" (RFC 3834), or Exchange's
    /// X-Auto-Response-Suppress on a body that says its writer is out of the office.
    /// </summary>
    public static bool Show(HeaderList headers, string body)
    {
        if (Declared(headers)) return true;
        if (headers["Auto-Submitted"] is { } submitted && !submitted.Split(';')[0].Trim().Equals("no", StringComparison.OrdinalIgnoreCase)) return true;
        // Only the opening of the body: a person's reply may quote an old out-of-office further down.
        return headers.Contains("X-Auto-Response-Suppress") && OutOfOffice().IsMatch(body.AsSpan(0, Math.Min(body.Length, OpeningLength)));
    }

    // The prefixes mail programs put on an automatic answer, in the campaign's languages and a few neighbours':
    // Outlook writes "Automatic reply:", "자동 회신:", "自动答复:"; Chinese webmail "自动回复"; Lao "ຕອບກັບອັດຕະໂນມັດ".
    [GeneratedRegex(@"^\s*(?:\[[^\]]{0,40}\]\s*)?(?:automatic reply|auto[- ]?reply|auto[- ]?response|autoresponder|auto[- ]?antwort|automatische antwort|réponse automatique|respuesta automática|자동\s?회신|자동\s?응답|自动回复|自動回覆|自動回复|自动答复|自動回復|ຕອບກັບອັດຕະໂນມັດ|ຕອບອັດຕະໂນມັດ|ການຕອບກັບອັດຕະໂນມັດ)", RegexOptions.IgnoreCase)]
    private static partial Regex SubjectStart();

    // Said anywhere in a subject ("Jane Doe is out of the office") or, with X-Auto-Response-Suppress, in the body.
    [GeneratedRegex(@"out of (?:the )?office|out-of-office|부재\s?중|不在办公室|不在辦公室|ບໍ່ຢູ່ຫ້ອງການ", RegexOptions.IgnoreCase)]
    private static partial Regex OutOfOffice();
}
