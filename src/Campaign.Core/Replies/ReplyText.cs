using System.Text;
using MimeKit;
using MimeKit.Text;

namespace Campaign.Core.Replies;

/// <summary>
/// A reply's words as safe plain text: the text/plain part when the mail has one, else its HTML reduced to text
/// with MimeKit's own HTML tokenizer (no tags, nothing of scripts, styles or the head, entities decoded, a link's
/// address kept beside its words). Control characters are dropped, so nothing the sender wrote can steer a
/// terminal, a page or a log. What comes out is text: pages still HTML-encode it.
/// </summary>
public static class ReplyText
{
    /// <summary>A reply is a letter: a few pages. Past this the text is cut (the whole mail stays in inbound_mail).</summary>
    public const int LongestText = 200_000;

    // Their contents are not words for a reader.
    private static readonly HashSet<string> Unread = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "title", "template", "svg", "object" };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "hr", "section", "article", "header", "footer",
    };

    public static string Of(MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (mail.TextBody is { } plain) return Clean(plain);
        if (mail.HtmlBody is { } html) return FromHtml(html);
        var part = mail.BodyParts.OfType<TextPart>().FirstOrDefault(p => !p.IsAttachment);
        return part is null ? "" : part.IsHtml ? FromHtml(part.Text) : Clean(part.Text);
    }

    public static string FromHtml(string html)
    {
        var text = new StringBuilder();
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader) { DecodeCharacterReferences = true };
        var unread = 0;
        string? link = null;
        while (tokenizer.ReadNextToken(out var token) && text.Length < LongestText)
        {
            switch (token)
            {
                case HtmlTagToken tag when Unread.Contains(tag.Name):
                    if (!tag.IsEmptyElement) unread = Math.Max(0, unread + (tag.IsEndTag ? -1 : 1));
                    break;
                case HtmlTagToken tag when unread > 0:
                    break;
                case HtmlTagToken { Name: "a" } tag:
                    if (!tag.IsEndTag) link = tag.Attributes.FirstOrDefault(a => a.Id == HtmlAttributeId.Href)?.Value;
                    else if (link is not null)
                    {
                        // The words may hide where a link goes: the address is kept as text beside them.
                        if (IsShownAddress(link) && !text.ToString().TrimEnd().EndsWith(link, StringComparison.Ordinal)) text.Append(" (").Append(link).Append(')');
                        link = null;
                    }
                    break;
                case HtmlTagToken tag when Blocks.Contains(tag.Name):
                    text.Append('\n');
                    break;
                case HtmlTagToken:
                    break;
                case HtmlDataToken data when token.Kind == HtmlTokenKind.Data && unread == 0:
                    text.Append(Collapse(data.Data));
                    break;
            }
        }
        return Clean(string.Join('\n', text.ToString().Split('\n').Select(line => line.Trim())));
    }

    private static bool IsShownAddress(string link) =>
        link.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || link.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || link.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    // HTML's own rule: a run of white space is one space; lines come from the block tags.
    private static string Collapse(string data)
    {
        var text = new StringBuilder(data.Length);
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length == 0 || text[^1] != ' ') text.Append(' ');
            }
            else text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>Line ends made \n, control characters and bidirectional overrides dropped, blank runs shortened, cut to length.</summary>
    public static string Clean(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n')
            .Select(line => new string(line.Where(c => c == '\t' || !(char.IsControl(c) || IsBidiControl(c))).ToArray()).TrimEnd());
        var kept = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            var trimmed = line.Trim().Length == 0 ? "" : line;
            if (trimmed.Length == 0 && (kept.Length == 0 || ++blank > 1)) continue;
            if (trimmed.Length > 0) blank = 0;
            kept.Append(trimmed).Append('\n');
        }
        var clean = kept.ToString().Trim();
        return clean.Length <= LongestText ? clean : clean[..LongestText];
    }

    // U+202A–U+202E and U+2066–U+2069 reorder the text around them: a reply could make a page read otherwise.
    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
