using System.Text;
using Campaign.Core.Templates;
using MimeKit;

namespace Campaign.Core.Sending;

/// <summary>The body every email shares: Markdown as the text part, and the same rendered as the HTML part.</summary>
internal static class MailBody
{
    public static MimeEntity FromMarkdown(string markdown, string language)
    {
        var html = $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"></head><body>{TemplateRenderer.ToHtml(markdown)}</body></html>";
        // UTF-8 spelled out: Korean, Chinese and Lao must never meet a legacy charset.
        var text = new TextPart("plain");
        text.SetText(Encoding.UTF8, markdown);
        var htmlPart = new TextPart("html");
        htmlPart.SetText(Encoding.UTF8, html);
        return new MultipartAlternative { text, htmlPart };
    }
}
