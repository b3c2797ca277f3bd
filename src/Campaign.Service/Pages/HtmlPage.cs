using System.Text.Encodings.Web;

namespace Campaign.Service.Pages;

/// <summary>
/// The frame of the server-rendered pages: UTF-8, a phone-width viewport, system fonts that cover Korean,
/// Chinese and Lao, no script. Callers pass text through <see cref="E"/>; nothing a supporter typed is
/// ever written unencoded.
/// </summary>
public static class HtmlPage
{
    public const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans KR","Noto Sans SC","Noto Sans Lao",sans-serif;
        max-width:40rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1b1b1b}
        button{font-size:1.1rem;padding:.7rem 1.4rem;border:0;border-radius:.4rem;background:#0b5cad;color:#fff;cursor:pointer}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}
        pre{white-space:pre-wrap;word-break:break-word}
        """;

    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static IResult Render(string language, string title, string body, int statusCode = StatusCodes.Status200OK) =>
        Results.Content($"""
            <!DOCTYPE html>
            <html lang="{E(language)}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)}</title><style>{Css}</style></head>
            <body>{body}</body>
            </html>
            """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, statusCode);
}
