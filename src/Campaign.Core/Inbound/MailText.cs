using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Campaign.Core.Inbound;

/// <summary>
/// The words of a piece of mail, read only as far as classifying needs: the first 64 KB of a text part. A bounce
/// that carries a 10 MB attachment, or quotes a 10 MB message inline (qmail does), then costs no more than a
/// small one.
/// </summary>
internal static partial class MailText
{
    public const int ScannedBytes = 64 * 1024;

    /// <summary>
    /// The readable body of the mail itself: the first inline text/plain part, else the first text/html part as
    /// plain text. Attached messages are not looked into: in a bounce they are our own mail, not the server's words.
    /// </summary>
    public static string Body(MimeMessage mail)
    {
        TextPart? plain = null, html = null;
        foreach (var part in MailParts.Own(mail).OfType<TextPart>())
        {
            if (part.IsAttachment) continue;
            if (plain is null && part.IsPlain) plain = part;
            else if (html is null && part.IsHtml) html = part;
        }
        if (plain is not null) return Read(plain);
        return html is null ? "" : Plain(Read(html));
    }

    /// <summary>The first <see cref="ScannedBytes"/> of a part's content, decoded.</summary>
    public static string Read(MimePart part)
    {
        if (part.Content is null) return "";
        var buffer = new byte[ScannedBytes];
        var length = 0;
        using (var stream = part.Content.Open())
        {
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
                length += read;
        }
        return EncodingOf(part).GetString(buffer, 0, length);
    }

    private static Encoding EncodingOf(MimePart part)
    {
        try
        {
            return part.ContentType.CharsetEncoding ?? Encoding.UTF8;
        }
        catch (NotSupportedException)
        {
            // An unknown charset name: UTF-8 still reads the ASCII that status codes and server replies are made of.
            return Encoding.UTF8;
        }
    }

    private static string Plain(string html)
    {
        var text = Scripts().Replace(html, " ");
        text = LineBreaks().Replace(text, "\n");
        text = Tags().Replace(text, " ");
        return WebUtility.HtmlDecode(text);
    }

    // Non-backtracking: a page of unclosed <style> tags must not cost quadratic time.
    [GeneratedRegex(@"<(?:script|style)\b.*?</(?:script|style)\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex Scripts();

    [GeneratedRegex(@"<(?:br|/p|/div|/tr|/li|/h\d)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();
}
