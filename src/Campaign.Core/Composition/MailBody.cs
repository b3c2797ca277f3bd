using System.Text;
using Campaign.Core.Outbox;
using Campaign.Core.Templates;
using MimeKit;

namespace Campaign.Core.Composition;

/// <summary>
/// The body every email shares: Markdown as the text part, and the same rendered as the HTML part.
/// A body that is the same for many messages but for a few tokens is rendered once and filled in per
/// message with <see cref="FillableBody"/>.
/// </summary>
internal sealed record MailBody(string Text, string Html)
{
    /// <param name="text">The text part, as the reader should see it.</param>
    /// <param name="markdown">The same words as Markdown, for the HTML part; differs from <paramref name="text"/>
    /// where a supporter's words had to be escaped.</param>
    public MailBody(string text, string markdown, string language) : this(text, Document(markdown, language))
    {
    }

    public static MailBody Render(string markdown, string language) => new(markdown, markdown, language);

    private static string Document(string markdown, string language) =>
        $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"></head><body>{TemplateRenderer.ToHtml(markdown)}</body></html>";

    public static MimeEntity FromMarkdown(string markdown, string language) => Render(markdown, language).ToEntity();

    public MimeEntity ToEntity() => Entity(Encoding.UTF8.GetBytes(Text), Encoding.UTF8.GetBytes(Html));

    /// <summary>The two parts from their UTF-8 bytes, which the parts keep as they are (no copy).</summary>
    public static MimeEntity Entity(byte[] text, byte[] html) => new MultipartAlternative { Part("plain", text), Part("html", html) };

    private static TextPart Part(string subtype, byte[] utf8)
    {
        var part = new TextPart(subtype) { Content = new MimeContent(new MemoryStream(utf8, writable: false)) };
        // UTF-8 spelled out: Korean, Chinese and Lao must never meet a legacy charset.
        part.ContentType.Charset = "utf-8";
        return part;
    }

    /// <summary>
    /// A new, empty message. MimeKit's parameterless constructor also makes a Message-ID and a Date, which
    /// the composer sets itself: making them only to throw them away is a large part of the cost of a
    /// small message.
    /// </summary>
    public static MimeMessage NewMessage() => new((IEnumerable<Header>)[new Header(HeaderId.MimeVersion, "1.0")]);

    /// <summary>
    /// A copy of an address for one message. A MimeKit address list subscribes to every address added to
    /// it, so an address shared by many messages would keep every one of them alive.
    /// </summary>
    public static MailboxAddress Own(MailboxAddress shared) => new(shared.Name, shared.Address);
}
