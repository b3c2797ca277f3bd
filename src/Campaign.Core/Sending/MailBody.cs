using System.Text;
using Campaign.Core.Templates;
using MimeKit;

namespace Campaign.Core.Sending;

/// <summary>
/// The body every email shares: Markdown as the text part, and the same rendered as the HTML part.
/// A body that is the same for many messages but for a few tokens is rendered once and filled in per
/// message with <see cref="Fill"/>: rendering Markdown for each of 20,000 confirmations was a fifth of
/// composing them.
/// </summary>
internal sealed record MailBody(string Text, string Html)
{
    public static MailBody Render(string markdown, string language) =>
        new(markdown, $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"></head><body>{TemplateRenderer.ToHtml(markdown)}</body></html>");

    public static MimeEntity FromMarkdown(string markdown, string language) => Render(markdown, language).ToEntity();

    /// <summary>
    /// Puts a value where the placeholder stands, in both parts. The value goes into the HTML unescaped, so
    /// it must be made of URL-safe characters only (our tokens are base64url).
    /// </summary>
    public MailBody Fill(string placeholder, string value) =>
        new(Text.Replace(placeholder, value, StringComparison.Ordinal), Html.Replace(placeholder, value, StringComparison.Ordinal));

    public MimeEntity ToEntity()
    {
        // UTF-8 spelled out: Korean, Chinese and Lao must never meet a legacy charset.
        var text = new TextPart("plain");
        text.SetText(Encoding.UTF8, Text);
        var html = new TextPart("html");
        html.SetText(Encoding.UTF8, Html);
        return new MultipartAlternative { text, html };
    }

    /// <summary>
    /// A new, empty message. MimeKit's parameterless constructor also makes a Message-ID and a Date, which
    /// the composer replaces anyway; skipping them saves a third of building a small message.
    /// </summary>
    public static MimeMessage NewMessage() => new((IEnumerable<Header>)[new Header(HeaderId.MimeVersion, "1.0")]);

    /// <summary>
    /// A copy of an address for one message. A MimeKit address list subscribes to every address added to
    /// it, so one address shared by every message kept every message ever composed alive (15 KB each).
    /// </summary>
    public static MailboxAddress Own(MailboxAddress shared) => new(shared.Name, shared.Address);
}
