using Campaign.Core.Campaigns;
using Campaign.Service.Pages;

namespace Campaign.Service.Api;

/// <summary>
/// CORS for one campaign's public API (<c>/api/campaigns/{slug}/...</c>), so a partner may build their own form:
/// a page on an origin in the campaign's <c>embed.allowed_origins</c> may read the answers and post signatures;
/// a page anywhere else gets no CORS header at all, and its browser refuses. Never credentials, never the admin API.
/// </summary>
/// <remarks>
/// The browser asks before it posts JSON (a preflight OPTIONS), so another site's page can never sign through
/// its visitors' browsers unless the organizer named that site.
/// </remarks>
public static class CampaignCors
{
    private const string Prefix = "/api/campaigns";

    public static IApplicationBuilder UseCampaignCors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (SlugOf(http.Request.Path) is not { } slug)
        {
            await next(http);
            return;
        }

        var origin = http.Request.Headers.Origin.ToString();
        var allowed = origin.Length > 0 && CampaignPages.Visible(http.RequestServices.GetRequiredService<CampaignCatalog>(), slug) is { } campaign
            && campaign.Embed.Allows(origin);
        // Set as the answer starts, so an answer the exception handler rewrote still carries them.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            // The public GETs are cached: a cache must not hand one site's answer, with its CORS header, to another.
            headers.Vary = headers.Vary.Count == 0 ? "Origin" : $"{headers.Vary}, Origin";
            if (allowed)
            {
                headers.AccessControlAllowOrigin = origin;
                headers.AccessControlExposeHeaders = "Retry-After";
            }
            return Task.CompletedTask;
        });

        if (HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            if (allowed)
            {
                http.Response.Headers.AccessControlAllowMethods = "GET, POST";
                http.Response.Headers.AccessControlAllowHeaders = "Content-Type";
                http.Response.Headers.AccessControlMaxAge = "600";
            }
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        await next(http);
    });

    /// <summary>The campaign a public API path is about; null for <c>/api/campaigns</c> itself and every other path.</summary>
    private static string? SlugOf(PathString path)
    {
        if (!path.StartsWithSegments(Prefix, StringComparison.Ordinal, out var rest) || !rest.HasValue) return null;
        var slug = rest.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return slug is not null && CampaignFormats.IsSlug(slug) ? slug : null;
    }
}
