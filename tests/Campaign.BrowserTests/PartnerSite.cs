using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Campaign.BrowserTests;

/// <summary>
/// A partner's web page on another origin (Kestrel on <c>localhost</c>, where the service is <c>127.0.0.1</c>: another
/// site to the browser), with the campaign's embedded form in an <c>&lt;iframe&gt;</c>, as the admin page's snippet puts it.
/// </summary>
public sealed class PartnerSite : IAsyncDisposable
{
    private readonly WebApplication app;

    private PartnerSite(WebApplication app) => this.app = app;

    /// <param name="embedUrl">The iframe's src, for a page language: the service's <c>/embed/c/{slug}?lang=...</c>.</param>
    public static async Task<PartnerSite> StartAsync(int port, Func<string, string> embedUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/{lang}", (string lang) => Results.Content($"""
            <!DOCTYPE html>
            <html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner NGO</title></head>
            <body style="margin:0;font-family:sans-serif"><p style="padding:.5rem">Partner NGO · news and campaigns</p>
            <iframe id="campaign" src="{embedUrl(lang)}" title="Sign" style="width:100%;height:1500px;border:0"></iframe>
            </body></html>
            """, "text/html; charset=utf-8"));
        await app.StartAsync();
        return new PartnerSite(app);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
