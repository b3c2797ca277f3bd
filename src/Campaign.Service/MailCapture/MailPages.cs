using Campaign.Service.Admin;
using MimeKit;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.MailCapture;

/// <summary><c>/admin/mail</c>: what the embedded capture server received, for admins only.</summary>
public static class MailPages
{
    public static IEndpointRouteBuilder MapMailPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/admin/mail").RequireAuthorization(AdminAccess.Policy);
        pages.MapGet("", ListAsync);
        pages.MapGet("/{id:long}", ShowAsync);
        pages.MapGet("/{id:long}/html", HtmlPartAsync);
        pages.MapGet("/{id:long}/raw", async (long id, CapturedMailStore store, CancellationToken ct) =>
            await store.RawAsync(id, ct) is { } raw ? Results.File(raw, "message/rfc822", $"message-{id}.eml") : Results.NotFound());
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, CapturedMailStore store, CancellationToken cancellationToken)
    {
        var mail = await store.ListAsync(200, cancellationToken);
        var rows = string.Concat(mail.Select(m =>
            $"<tr><td>{m.ReceivedAt:yyyy-MM-dd HH:mm:ss}</td><td>{E(string.Join(", ", m.Recipients))}</td><td><a href=\"/admin/mail/{m.Id}\">{E(m.Subject)}</a></td></tr>"));
        return Render("en", "Captured mail", $"""
            {AdminPages.Menu(http)}
            <h1>Captured mail</h1>
            <p>Mail the service sent through its embedded SMTP server (no relay is configured). Newest first.</p>
            <table><tr><th>received (UTC)</th><th>to</th><th>subject</th></tr>{rows}</table>
            """);
    }

    private static async Task<IResult> ShowAsync(long id, HttpContext http, CapturedMailStore store, CancellationToken cancellationToken)
    {
        if (await store.RawAsync(id, cancellationToken) is not { } raw) return Results.NotFound();
        using var stream = new MemoryStream(raw);
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        var headers = string.Concat(message.Headers.Select(h => $"<tr><th>{E(h.Field)}</th><td>{E(h.Value)}</td></tr>"));
        return Render("en", message.Subject ?? "Message", $"""
            {AdminPages.Menu(http)}
            <p><a href="/admin/mail">All captured mail</a> · <a href="/admin/mail/{id}/raw">Raw</a></p>
            <h1>{E(message.Subject)}</h1>
            <table>{headers}</table>
            <h2>Text</h2>
            <pre>{E(message.TextBody)}</pre>
            {(message.HtmlBody is null ? "" : $"<h2>HTML</h2><iframe class=\"mail\" sandbox src=\"/admin/mail/{id}/html\" title=\"HTML part\"></iframe>")}
            """);
    }

    /// <summary>
    /// The HTML part as its own document, for the sandboxed iframe. <c>sandbox</c> in its policy gives it a unique
    /// origin with no script, so mail can neither run code nor act as the admin; inline styles, common in
    /// mail, are allowed, remote content is not.
    /// </summary>
    private static async Task<IResult> HtmlPartAsync(long id, HttpContext http, CapturedMailStore store, CancellationToken cancellationToken)
    {
        if (await store.RawAsync(id, cancellationToken) is not { } raw) return Results.NotFound();
        using var stream = new MemoryStream(raw);
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        if (message.HtmlBody is not { } html) return Results.NotFound();
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
