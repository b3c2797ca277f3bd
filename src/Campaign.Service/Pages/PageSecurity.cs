using Microsoft.AspNetCore.Antiforgery;

namespace Campaign.Service.Pages;

/// <summary>
/// The headers every page carries, and the antiforgery check every form POST makes. The policy forbids
/// inline script and inline style: the pages need neither, so injected markup can do nothing. The one script,
/// the sign form's challenge, comes from our own origin.
/// </summary>
public static class PageSecurity
{
    public const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// <see cref="Policy"/> with the given origins as the only pages that may frame this one, for the embedded sign
    /// form; no origin at all is <c>'none'</c>, as on every other page.
    /// </summary>
    public static string PolicyFramedBy(IReadOnlyList<string> origins) =>
        Policy.Replace("frame-ancestors 'none'", "frame-ancestors " + (origins.Count == 0 ? "'none'" : string.Join(' ', origins)), StringComparison.Ordinal);

    /// <param name="httpsSite">The public URL is https: every answer says so (HSTS), also when a TLS-terminating
    /// proxy hands us the request in plain http; a browser heeds it only over https anyway.</param>
    public static IApplicationBuilder UsePageSecurityHeaders(this IApplicationBuilder app, bool httpsSite = false) => app.Use(async (http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            if (httpsSite) headers.StrictTransportSecurity = "max-age=31536000";
            // Hangfire's dashboard is a third-party page with scripts of its own; an endpoint may set a stricter policy.
            if (!http.Request.Path.StartsWithSegments("/hangfire") && !headers.ContainsKey("Content-Security-Policy"))
                headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            // Confirm and unsubscribe URLs carry tokens: never hand them to another site. (The embed, whose URLs
            // carry none, says same-origin: see EmbedPages.AllowFraming.)
            if (!headers.ContainsKey("Referrer-Policy")) headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        await next(http);
    });

    public static IServiceCollection AddPageAntiforgery(this IServiceCollection services) => services.AddAntiforgery(options =>
    {
        options.Cookie.Name = "campaign_af";
        options.Cookie.SameSite = SameSiteMode.Strict;
        // Not Always: antiforgery refuses to work at all on a plain-http request then (a proxy we were not told
        // about). The token alone opens nothing; the admin cookie, which does, is Secure on an https site.
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.FormFieldName = FieldName;
    });

    public const string FieldName = "__af";

    /// <summary>The hidden field to put in a form; also sets the matching cookie.</summary>
    public static string TokenField(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{FieldName}\" value=\"{HtmlPage.E(tokens.RequestToken)}\">";
    }

    /// <summary>Reads the posted form if it carries a valid antiforgery token; null otherwise.</summary>
    public static async Task<IFormCollection?> ReadCheckedFormAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType) return null;
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(http)) return null;
        return await http.Request.ReadFormAsync(http.RequestAborted);
    }
}
