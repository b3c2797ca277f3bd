using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Admin;

/// <summary>The admin's HTML pages: login with the key, and the dashboard.</summary>
public static class AdminPages
{
    public static IEndpointRouteBuilder MapAdminPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/login", () => LoginPage(null));
        app.MapPost("/admin/login", async (HttpContext http, AdminGate gate) =>
        {
            if (!http.Request.HasFormContentType) return LoginPage("Send the login form.", StatusCodes.Status400BadRequest);
            var form = await http.Request.ReadFormAsync();
            if (!gate.KeyMatches(form["key"].ToString())) return LoginPage("That key is not the admin key.", StatusCodes.Status401Unauthorized);
            gate.StartSession(http);
            return Results.Redirect("/admin");
        }).DisableAntiforgery();
        app.MapPost("/admin/logout", (HttpContext http) =>
        {
            AdminGate.EndSession(http);
            return Results.Redirect("/admin/login");
        }).DisableAntiforgery();

        var pages = app.MapGroup("/admin").AddEndpointFilter(RequireAdmin);
        pages.MapGet("", DashboardAsync);
        return app;
    }

    /// <summary>Admin pages answer 401 with a way to log in, and no data, to anyone without the key.</summary>
    public static async ValueTask<object?> RequireAdmin(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.RequestServices.GetRequiredService<AdminGate>().IsAdmin(http)) return await next(context);
        return Render("en", "Log in", "<h1>Admins only</h1><p><a href=\"/admin/login\">Log in with the admin key</a></p>", StatusCodes.Status401Unauthorized);
    }

    private static IResult LoginPage(string? error, int status = StatusCodes.Status200OK) => Render("en", "Admin login", $"""
        <h1>Admin login</h1>
        {(error is null ? "" : $"<p role=\"alert\">{E(error)}</p>")}
        <form method="post" action="/admin/login">
        <label for="key">Admin key</label><br>
        <input id="key" name="key" type="password" autocomplete="current-password" required style="width:100%;font-size:1rem">
        <p><button type="submit">Log in</button></p>
        </form>
        """, status);

    private static async Task<IResult> DashboardAsync(CampaignCatalog catalog, SignatureCounts signatures, OutboxAdmin outbox, CancellationToken cancellationToken)
    {
        var bySignature = await signatures.ByStatusAsync(cancellationToken);
        var byMessage = await outbox.CountsByCampaignAsync(cancellationToken);
        var rows = string.Concat(catalog.All.Select(c =>
        {
            var (pending, confirmed) = bySignature.GetValueOrDefault(c.Slug);
            var messages = byMessage.GetValueOrDefault(c.Slug) ?? [];
            var cells = string.Concat(MessageStatus.All.Select(s => $"<td>{messages.GetValueOrDefault(s)}</td>"));
            return $"<tr><th>{E(c.Slug)}</th><td>{confirmed}</td><td>{pending}</td>{cells}</tr>";
        }));
        var heads = string.Concat(MessageStatus.All.Select(s => $"<th>{E(s)}</th>"));
        return Render("en", "Campaign admin", $"""
            <h1>Campaigns</h1>
            <table><tr><th>campaign</th><th>confirmed</th><th>pending</th>{heads}</tr>{rows}</table>
            <p><a href="/admin/mail">Captured mail</a> · <a href="/hangfire">Jobs</a> · <a href="/api/admin/messages?status=failed">Failed messages (JSON)</a></p>
            <form method="post" action="/admin/logout"><button type="submit">Log out</button></form>
            """);
    }
}
