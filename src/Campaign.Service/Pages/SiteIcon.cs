namespace Campaign.Service.Pages;

/// <summary>
/// The site's icon, an envelope: <c>/favicon.svg</c>, which every page names in its head, and
/// <c>/favicon.ico</c>, which browsers ask for on their own. Served from here, so no page loads anything from
/// another site and the browser console shows no 404.
/// </summary>
public static class SiteIcon
{
    public const string Path = "/favicon.svg";

    private const string Svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5cad"/><rect x="6" y="9" width="20" height="14" fill="#fff"/><path d="M6 9l10 8 10-8" fill="none" stroke="#0b5cad" stroke-width="2"/></svg>
        """;

    // The same envelope drawn at 32×32 as a PNG inside an ICO, for browsers that read no SVG icon.
    private static readonly byte[] Ico = Convert.FromBase64String(
        "AAABAAEAICAAAAEAIAALAQAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAgAAAAIAgGAAAAc3p69AAAANJJREFUeNpjYEAC3DFr84H4PBD/pxEGmZ3PgA6Agvw0thibQ/iRHUBPy+GOQA72/wOE8wfK94hQGEDLwXjUAYPbAVJpm/5vOvP0P7kApBdkBlkOCO87Bme3rr1GsuUgPdjMItoB2Ax5/+UnQYtBarA5niwHoAejRdWe/xcfvMdpOUgOpAZb9JHtAEIGE+tQihyAL2iJjSqKHYDLMmITK9UcgC17EZNdqeoA5HRBKGHSzAGkglEHjDpgtD0w6gB8DhjwZvnAdkwGvGs2KDqnA9k9BwBPdM9gFqcHaQAAAABJRU5ErkJggg==");

    // A month: browsers stop asking on every page, and a changed icon still arrives within weeks.
    private const string CacheControl = "public, max-age=2592000";

    public static IEndpointRouteBuilder MapSiteIcon(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = CacheControl;
            return Results.Text(Svg, "image/svg+xml; charset=utf-8");
        });
        app.MapGet("/favicon.ico", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = CacheControl;
            return Results.Bytes(Ico, "image/x-icon");
        });
        return app;
    }
}
