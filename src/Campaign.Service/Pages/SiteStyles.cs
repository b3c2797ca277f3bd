namespace Campaign.Service.Pages;

/// <summary>
/// The one stylesheet, served from a URL so the Content-Security-Policy can say <c>style-src 'self'</c>.
/// Fonts are chosen per <c>lang</c>: Korean, Chinese and Lao need fonts Latin system fonts lack.
/// </summary>
public static class SiteStyles
{
    public const string Path = "/assets/site.css";

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans",sans-serif;max-width:44rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1b1b1b}
        body:has(.admin-menu){max-width:80rem}
        :lang(ko){font-family:"Noto Sans KR","Noto Sans CJK KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif}
        :lang(zh){font-family:"Noto Sans SC","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
        :lang(lo){font-family:"Noto Sans Lao","Phetsarath OT","Saysettha OT","Lao UI",sans-serif;line-height:1.8}
        h1{font-size:1.6rem;line-height:1.25}
        button{font-size:1.05rem;padding:.6rem 1.2rem;border:0;border-radius:.4rem;background:#0b5cad;color:#fff;cursor:pointer}
        button.small{font-size:.85rem;padding:.25rem .6rem}
        button:disabled{opacity:.55;cursor:progress}
        input,select,textarea{font:inherit;font-size:1rem;width:100%;box-sizing:border-box;padding:.45rem;border:1px solid #888;border-radius:.3rem}
        input[type=checkbox]{width:auto;margin-right:.5rem}
        textarea{min-height:6rem}
        label{font-weight:600}
        .field{margin:.9rem 0}
        .check label{font-weight:400}
        .error{color:#b00020;margin:.2rem 0 0}
        [aria-invalid=true]{border-color:#b00020;border-width:2px}
        .alert{border-left:4px solid #b00020;padding:.4rem .8rem;background:#fdecee}
        .notice{border-left:4px solid #0b5cad;padding:.4rem .8rem;background:#eaf2fb}
        .languages a{margin-right:.8rem}
        .languages [aria-current]{font-weight:700;text-decoration:none;color:inherit}
        .letter{border:1px solid #ccc;border-radius:.3rem;padding:.2rem 1rem;background:#fafafa}
        progress{width:100%;height:1.2rem}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}
        .wide{overflow-x:auto}
        pre{white-space:pre-wrap;word-break:break-word}
        iframe.mail{width:100%;height:32rem;border:1px solid #ccc}
        svg.chart{width:100%;height:auto;max-width:44rem}
        .legend span{margin-right:1rem}
        .muted{color:#666;font-size:.9rem}
        .row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end}
        .row .field{flex:1 1 10rem;margin:.3rem 0}
        .share-links{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
        .share-links a{display:inline-block;padding:.4rem .8rem;border:1px solid #0b5cad;border-radius:.4rem;text-decoration:none}
        a.share{word-break:break-all}
        body:has(.embed){max-width:none;padding:.5rem}
        .embed h1{font-size:1.2rem;margin:.2rem 0}
        .embed h2{font-size:1.05rem}
        .embed .field{margin:.6rem 0}
        .numbers figure{margin:1rem 0}.milestones{padding-left:1.2rem}.milestones .reached{color:#2e7d32;font-weight:600}
        .countries td:last-child{text-align:right}.qr img{display:block;border:1px solid #ddd}
        .hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
        """;

    public static IEndpointRouteBuilder MapSiteStyles(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Css, "text/css; charset=utf-8");
        });
        return app;
    }
}
