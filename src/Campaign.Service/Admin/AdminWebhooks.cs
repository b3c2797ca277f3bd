using Campaign.Core.Webhooks;
using Campaign.Service.Pages;
using Microsoft.Extensions.Options;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Admin;

/// <summary>
/// The dashboard's webhook deliveries that have not gone through — waiting for a retry after a failed attempt, or
/// failed for good — each with every attempt and its reason, and a Retry button for the failed ones.
/// </summary>
public static class AdminWebhooks
{
    private const int Shown = 50;

    public static async Task<string> RenderAsync(HttpContext http, WebhookAdmin webhooks, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        if (options.Value.Endpoints.Count == 0) return """<h2 id="webhooks">Webhooks</h2><p>No webhook endpoint is configured (<code>Webhooks:Endpoints</code>).</p>""";
        var failed = await webhooks.ListAsync("failed", null, null, Shown, ct);
        var waiting = (await webhooks.ListAsync("pending", null, null, Shown, ct)).Where(d => d.Attempts > 0);
        var rows = string.Concat(failed.Concat(waiting).Select(d => $"""
            <tr data-webhook="{d.Id}"><td>{d.Id}</td><td>{E(d.Endpoint)}</td><td>{E(d.Type)}</td><td>{E(d.Campaign)}</td><td>{E(d.Status)}</td>
            <td>{d.Attempts}</td><td>{Attempts(d)}</td><td>{(d.Status == "pending" ? AdminDashboard.When(d.NextAttemptAt) : "")}</td>
            <td>{(d.Status == "failed" ? RetryButton(http, d.Id) : "")}</td></tr>
            """));
        var table = rows.Length == 0 ? "<p>Every webhook delivery has gone through or is on its first try.</p>" : $"""
            <div class="wide"><table><tr><th>id</th><th>endpoint</th><th>event</th><th>campaign</th><th>status</th><th>attempts</th><th>last error</th><th>next attempt (UTC)</th><th></th></tr>
            {rows}</table></div>
            """;
        return $"""
            <h2 id="webhooks">Webhooks</h2>
            <p>Deliveries are retried with backoff for {E(options.Value.RetryFor.ToString())} after their event, then failed. The full history is at <code>/api/admin/webhooks</code>.</p>
            {table}
            """;
    }

    private static string Attempts(WebhookDeliveryView delivery)
    {
        var history = string.Concat(delivery.History.Select(a =>
            $"<li>{AdminDashboard.When(a.StartedAt)}: {(a.StatusCode is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")} {E(a.Error)} ({a.DurationMs} ms)</li>"));
        return $"<details><summary>{E(delivery.LastError)}</summary><ol>{history}</ol></details>";
    }

    private static string RetryButton(HttpContext http, long id) => $"""
        <form method="post" action="/admin/webhooks/{id}/retry">{PageSecurity.TokenField(http)}<input type="hidden" name="back" value="/admin#webhooks"><button type="submit" class="small">Retry</button></form>
        """;

    /// <summary>The Retry button: the delivery goes again now, as <c>POST /api/admin/webhooks/{id}/retry</c> does.</summary>
    public static void Map(RouteGroupBuilder pages) =>
        pages.MapPost("/webhooks/{id:long}/retry", async (long id, HttpContext http, WebhookAdmin webhooks, CancellationToken ct) =>
        {
            if (await PageSecurity.ReadCheckedFormAsync(http) is not { } form) return Results.BadRequest();
            if (!await webhooks.RetryAsync(id, ct)) return Results.NotFound();
            return AdminActions.Back(form, "webhook=retried");
        });
}
