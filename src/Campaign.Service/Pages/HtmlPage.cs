using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Campaign.Service.Pages;

/// <summary>
/// The frame of the server-rendered pages: UTF-8, a phone-width viewport, the shared stylesheet and icon, no script.
/// Callers pass text through <see cref="E"/>; nothing a supporter typed is ever written unencoded.
/// </summary>
/// <remarks>
/// Pages are plain C# string rendering rather than Razor: they are few and small, minimal APIs already
/// serve them, and one encoder used everywhere is easy to audit.
/// </remarks>
public static class HtmlPage
{
    // Every script passes through as itself (Korean, Chinese, Lao stay readable in the source and half the size);
    // markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? text) => Encoder.Encode(text ?? "");

    /// <param name="refreshSeconds">Admin pages reload themselves without script.</param>
    /// <param name="head">More of the head, already encoded (a campaign page's link preview tags).</param>
    public static IResult Render(string language, string title, string body, int statusCode = StatusCodes.Status200OK, int? refreshSeconds = null, string head = "") =>
        Results.Content(Document(language, title, body, refreshSeconds, head), ContentType, System.Text.Encoding.UTF8, statusCode);

    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>The whole page as text, for an answer that sends it with its own headers (an ETag, say).</summary>
    public static string Document(string language, string title, string body, int? refreshSeconds = null, string head = "") => $"""
            <!DOCTYPE html>
            <html lang="{E(language)}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            {(refreshSeconds is { } s ? $"<meta http-equiv=\"refresh\" content=\"{s}\">" : "")}
            <title>{E(title)}</title><link rel="stylesheet" href="{SiteStyles.Path}"><link rel="icon" href="{SiteIcon.Path}" type="image/svg+xml">{head}</head>
            <body>{body}</body>
            </html>
            """;
}
