using Campaign.Service.Abuse;
using Campaign.Service.Pages;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Admin;

/// <summary>
/// The admin's HTML pages: login with the key, the dashboard, a page per campaign and the actions they post.
/// Every form carries an antiforgery token, login included (so no other site can log a browser in as admin).
/// </summary>
public static class AdminPages
{
    public static IEndpointRouteBuilder MapAdminPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/login", (HttpContext http) => LoginPage(http, null));
        // Wrong keys count against the client (RateLimits:AdminKey); past the limit even the right key is refused unread.
        app.MapPost("/admin/login", async (HttpContext http, AdminCredentials credentials, AdminSessions sessions, AdminKeyGuesses guesses) =>
        {
            if (guesses.Refusal(http) is { } refusal) return RefusalAnswers.Answer(refusal);
            if (await PageSecurity.ReadCheckedFormAsync(http) is not { } form) return LoginPage(http, "The form expired; try again.", StatusCodes.Status400BadRequest);
            if (!credentials.KeyMatches(form["key"].ToString()))
            {
                guesses.CountWrongKey(http, "login form");
                return LoginPage(http, "That key is not the admin key.", StatusCodes.Status401Unauthorized);
            }
            var session = Guid.NewGuid();
            await sessions.StartAsync(session, credentials.StartSession(http, session));
            return Results.Redirect("/admin");
        });
        app.MapPost("/admin/logout", async (HttpContext http, AdminCredentials credentials, AdminSessions sessions) =>
        {
            if (await PageSecurity.ReadCheckedFormAsync(http) is null) return Results.BadRequest();
            // Ended here, not only in this browser: a copy of the cookie opens nothing from now on.
            if (http.Request.Cookies.TryGetValue(AdminCredentials.CookieName, out var cookie) && credentials.SessionOf(cookie) is { } session)
                await sessions.EndAsync(session);
            AdminCredentials.EndSession(http);
            return Results.Redirect("/admin/login");
        });

        var pages = app.MapGroup("/admin").RequireAuthorization(AdminAccess.Policy);
        pages.MapGet("", AdminDashboard.RenderAsync);
        pages.MapGet("/c/{slug}", AdminCampaignPage.RenderAsync);
        AdminActions.Map(pages);
        AdminFailingTargets.Map(pages);
        AdminWebhooks.Map(pages);
        AdminTargetQueues.Map(pages);
        AdminReplies.Map(pages);
        return app;
    }

    /// <summary>What admin pages answer anyone without the key: 401, a way to log in, and no data.</summary>
    public static IResult LoginRequired() =>
        Render("en", "Log in", "<h1>Admins only</h1><p><a href=\"/admin/login\">Log in with the admin key</a></p>", StatusCodes.Status401Unauthorized);

    /// <summary>The links and logout button at the top of every admin page.</summary>
    public static string Menu(HttpContext http) => $"""
        <form method="post" action="/admin/logout" class="row admin-menu">{PageSecurity.TokenField(http)}
        <a href="/admin">Campaigns</a> · <a href="/admin/mail">Captured mail</a> · <a href="/hangfire">Jobs</a>
        <button type="submit" class="small">Log out</button></form>
        """;

    private static IResult LoginPage(HttpContext http, string? error, int status = StatusCodes.Status200OK) => Render("en", "Admin login", $"""
        <h1>Admin login</h1>
        {(error is null ? "" : $"<p class=\"alert\" role=\"alert\">{E(error)}</p>")}
        <form method="post" action="/admin/login">
        {PageSecurity.TokenField(http)}
        <div class="field"><label for="key">Admin key</label>
        <input id="key" name="key" type="password" autocomplete="current-password" required></div>
        <p><button type="submit">Log in</button></p>
        </form>
        """, status);
}
