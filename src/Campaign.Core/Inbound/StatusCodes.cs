using System.Text;
using System.Text.RegularExpressions;

namespace Campaign.Core.Inbound;

/// <summary>A status found in a server's words, and where: the line around it is the server's reason.</summary>
internal sealed record FoundStatus(string Status, int Index);

/// <summary>
/// Reads RFC 3463 enhanced status codes and SMTP reply codes out of what remote servers wrote. The patterns
/// refuse digits that belong to something else: "10.4.5.6" (an IP address), "Exim 4.96.1" (a version).
/// </summary>
internal static partial class StatusCodes
{
    public const int DiagnosticLength = 500;

    /// <summary>The Status field of a DSN: "5.1.1", possibly with a comment after it.</summary>
    public static string? FromField(string? field)
    {
        if (string.IsNullOrWhiteSpace(field)) return null;
        var match = FieldCode().Match(field);
        return match.Success ? match.Groups["code"].Value : null;
    }

    /// <summary>
    /// The first status in free text: a reply with its enhanced code ("550 5.1.1") is the surest sign, then an
    /// enhanced code alone ("(#5.1.1)"), then a bare reply code where a reply is quoted ("said: 550").
    /// </summary>
    public static FoundStatus? Find(string text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (ReplyWithEnhanced().Match(text) is { Success: true } pair)
            return new FoundStatus(pair.Groups["enh"].Value, pair.Index);
        // A code alone ("no mailbox here by that name. (#5.1.1)") comes after its reason: the reason is its line.
        if (Enhanced().Match(text) is { Success: true } enhanced)
            return new FoundStatus(enhanced.Groups["enh"].Value, LineStart(text, enhanced.Index));
        if (BareReply().Match(text) is { Success: true } bare)
            return new FoundStatus($"{bare.Groups["smtp"].Value[0]}.0.0", bare.Groups["smtp"].Index);
        return null;
    }

    /// <summary>"5.0.0" or "4.0.0" from a server's words alone, when it gave no code; null when the words
    /// say nothing or say both.</summary>
    public static FoundStatus? FromWords(string text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var hard = HardWords().Match(text);
        var soft = SoftWords().Match(text);
        return (hard.Success, soft.Success) switch
        {
            (true, false) => new FoundStatus("5.0.0", hard.Index),
            (false, true) => new FoundStatus("4.0.0", soft.Index),
            _ => null,
        };
    }

    /// <summary>
    /// The server's reason as one plain line of at most 500 characters. The repeated "550-5.1.1" prefixes of a
    /// multi-line reply are dropped after the first, so the reason reads as the sentence it is.
    /// </summary>
    public static string? Clean(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return null;
        var line = new StringBuilder(Math.Min(reason.Length, DiagnosticLength * 2));
        foreach (var c in reason.AsSpan(0, Math.Min(reason.Length, DiagnosticLength * 8)))
            line.Append(char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c);
        var text = Spaces().Replace(line.ToString(), " ").Trim().Trim('\'', '"').Trim();
        var first = ReplyWithEnhanced().Match(text);
        if (first.Success && first.Index == 0)
        {
            var (code, enhanced) = (first.Groups["smtp"].Value, first.Groups["enh"].Value);
            var rest = text[first.Length..]
                .Replace($" {code}-{enhanced}", "", StringComparison.Ordinal)
                .Replace($" {code} {enhanced}", "", StringComparison.Ordinal);
            text = Spaces().Replace($"{code} {enhanced}{rest}", " ").Trim();
        }
        if (text.Length == 0) return null;
        if (text.Length <= DiagnosticLength) return text;
        var cut = char.IsHighSurrogate(text[DiagnosticLength - 1]) ? DiagnosticLength - 1 : DiagnosticLength;
        return text[..cut].TrimEnd();
    }

    /// <summary>
    /// The reply that starts at <paramref name="index"/>, to the end of its line, with its continuations: the lines
    /// of a multi-line reply ("550-5.1.1 ... / 550 5.1.1 ...") and the more deeply indented lines Postfix wraps it into.
    /// </summary>
    public static string ReplyAt(string text, int index)
    {
        var indent = Indentation(text, LineStart(text, index));
        var end = LineEnd(text, index);
        var reply = new StringBuilder(text, index, end - index, DiagnosticLength);
        var first = ReplyWithEnhanced().Match(reply.ToString());
        var code = first.Success && first.Index == 0 && reply.Length > 3 && reply[3] == '-' ? first.Groups["smtp"].Value : null;
        while (end < text.Length && reply.Length < DiagnosticLength * 2)
        {
            var next = end + 1;
            var nextEnd = LineEnd(text, next);
            var line = text.AsSpan(next, nextEnd - next).Trim();
            if (line.IsEmpty) break;
            var sameReply = code is not null && line.Length > 3 && line.StartsWith(code, StringComparison.Ordinal) && line[3] is '-' or ' ';
            if (!sameReply && Indentation(text, next) <= indent) break;
            reply.Append(' ').Append(line);
            end = nextEnd;
            if (sameReply && line[3] == ' ') break;
        }
        return reply.ToString();
    }

    /// <summary>The line of <paramref name="text"/> that holds <paramref name="index"/>.</summary>
    public static string LineAround(string text, int index)
    {
        return text[LineStart(text, index)..LineEnd(text, index)];
    }

    private static int LineStart(string text, int index) => index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;

    private static int Indentation(string text, int lineStart)
    {
        var at = lineStart;
        while (at < text.Length && text[at] is ' ' or '\t') at++;
        return at - lineStart;
    }

    private static int LineEnd(string text, int index)
    {
        var end = text.IndexOf('\n', index);
        return end < 0 ? text.Length : end;
    }

    [GeneratedRegex(@"^\s*(?<code>[245]\.\d{1,3}\.\d{1,3})\b")]
    private static partial Regex FieldCode();

    [GeneratedRegex(@"(?<![\w.])(?<smtp>[245][0-5]\d)[ -]#?(?<enh>[245]\.[0-7]\.\d{1,3})(?![\w-]|\.\d)")]
    private static partial Regex ReplyWithEnhanced();

    [GeneratedRegex(@"(?<![\w.-])(?<enh>[45]\.[0-7]\.\d{1,3})(?![\w-]|\.\d)")]
    private static partial Regex Enhanced();

    // A bare three-digit number is only a reply code where a reply is quoted: at the start of a line, or after
    // "said:", "returned '", "error:", "reply:", "response:".
    [GeneratedRegex(@"(?:^[ \t'""(<]*|(?:said|returned|reply|response|error|code)[ \t]*:?[ \t]*['""(<]?)(?<smtp>[45][0-5]\d)(?=[ -][^\s\d])", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex BareReply();

    [GeneratedRegex(@"user unknown|unknown user|no such user|no such recipient|does not exist|doesn't exist", RegexOptions.IgnoreCase)]
    private static partial Regex HardWords();

    [GeneratedRegex(@"mailbox (?:is )?full|over quota|quota exceeded|exceeded (?:the |its )?(?:storage|quota)", RegexOptions.IgnoreCase)]
    private static partial Regex SoftWords();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
