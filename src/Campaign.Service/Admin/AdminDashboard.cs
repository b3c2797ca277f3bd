using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Deliverability;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Campaign.Service.Abuse;
using Campaign.Core.Storage;
using Campaign.Core.Webhooks;
using Campaign.Service.Pages;
using Microsoft.Extensions.Options;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Admin;

/// <summary>
/// <c>/admin</c>: every campaign's signatures and messages with Pause/Resume, their last 30 days as charts, and
/// the failures to act on, filterable, with Retry per message and for a selection. It reloads itself every 15 seconds.
/// </summary>
public static class AdminDashboard
{
    public const int RefreshSeconds = 15;

    public static async Task<IResult> RenderAsync(HttpContext http, string? status, string? campaign, string? kind, int? retried, int? cleared, int? cancelled,
        CampaignCatalog catalog, SignatureCounts signatures, SignatureTimeline timeline, OutboxAdmin outbox, OutboxReport report, CampaignRows rows,
        FailingTargets failingTargets, WebhookAdmin webhooks, IOptions<WebhookOptions> webhookOptions, TimeProvider time, CancellationToken ct)
    {
        var bySignature = await signatures.ByStatusAsync(ct);
        var byMessage = await outbox.CountsByCampaignAsync(ct);
        var campaignRows = new List<string>();
        foreach (var c in catalog.All)
        {
            var (pending, confirmed) = bySignature.GetValueOrDefault(c.Slug);
            var messages = byMessage.GetValueOrDefault(c.Slug) ?? [];
            var paused = await rows.IsPausedAsync(c.Slug, ct);
            var cells = string.Concat(MessageStatus.All.Select(s => $"<td data-status=\"{s}\">{messages.GetValueOrDefault(s)}</td>"));
            var action = paused ? "resume" : "pause";
            campaignRows.Add($"""
                <tr data-campaign="{E(c.Slug)}"><th><a href="/admin/c/{E(c.Slug)}">{E(c.Slug)}</a></th><td>{(paused ? "paused" : E(c.Status.ToString().ToLowerInvariant()))}</td>
                <td data-signatures="confirmed">{confirmed}</td><td data-signatures="pending">{pending}</td>{cells}
                <td><form method="post" action="/admin/campaigns/{E(c.Slug)}/{action}">{PageSecurity.TokenField(http)}<input type="hidden" name="back" value="/admin">
                <button type="submit" class="small">{(paused ? "Resume" : "Pause")}</button></form></td></tr>
                """);
        }
        var heads = string.Concat(MessageStatus.All.Select(s => $"<th>{E(s)}</th>"));
        var flash = retried is { } n ? $"<p class=\"notice\" role=\"status\">{n} message(s) queued to be sent again.</p>"
            : cleared is not null ? "<p class=\"notice\" role=\"status\">Flag cleared: the target's held mail is being sent.</p>"
            : AdminTargetQueues.Flash(cancelled);
        return Render("en", "Campaign admin", $"""
            {AdminPages.Menu(http)}
            <h1>Campaigns</h1>
            {flash}
            <div class="wide"><table><tr><th>campaign</th><th>state</th><th>confirmed</th><th>pending</th>{heads}<th></th></tr>{string.Concat(campaignRows)}</table></div>
            {await AdminTrends.RenderAsync(catalog, report, timeline, time, ct)}
            {await AdminTargetQueues.RenderAsync(http, catalog, report, ct)}
            {await FailuresAsync(http, status, campaign, kind, catalog, report, ct)}
            {await AdminFailingTargets.RenderAsync(http, failingTargets, ct)}
            {await AdminWebhooks.RenderAsync(http, webhooks, webhookOptions, ct)}
            {await AdminSurges.RenderAsync(SignatureSources.Watch(http.RequestServices), ct)}
            """, refreshSeconds: RefreshSeconds);
    }

    private static async Task<string> FailuresAsync(HttpContext http, string? status, string? campaign, string? kind,
        CampaignCatalog catalog, OutboxReport report, CancellationToken ct)
    {
        var problems = await report.ProblemsAsync(status, Blank(campaign), Blank(kind), 200, ct);
        var back = $"/admin?status={Uri.EscapeDataString(status ?? "")}&campaign={Uri.EscapeDataString(campaign ?? "")}&kind={Uri.EscapeDataString(kind ?? "")}";
        var rows = string.Concat(problems.Select(m => $"""
            <tr data-message="{m.Id}"><td>{(m.Status == MessageStatus.Bounced ? "" : $"<input type=\"checkbox\" name=\"id\" value=\"{m.Id}\" aria-label=\"select message {m.Id}\">")}</td>
            <td>{m.Id}</td><td>{E(m.Campaign)}</td><td>{E(m.Kind)}</td><td>{E(m.To ?? "(erased)")}</td><td>{E(m.Target)}</td><td>{E(m.Status)}</td>
            <td>{m.Attempts}</td><td>{E(m.LastError)}</td><td>{When(m.NextAttemptAt)}</td>
            <td>{RetryButton(m)} {AdminTargetQueues.CancelButton(m)}</td></tr>
            """));
        var table = problems.Count == 0 ? "<p>No failed, deferred, unknown or bounced messages.</p>" : $"""
            <form method="post" action="/admin/messages/retry">{PageSecurity.TokenField(http)}<input type="hidden" name="back" value="{E(back)}">
            <div class="wide"><table><tr><th></th><th>id</th><th>campaign</th><th>kind</th><th>to</th><th>target</th><th>status</th><th>attempts</th><th>reason</th><th>next attempt (UTC)</th><th></th></tr>
            {rows}</table></div>
            <p><button type="submit">Retry selected</button></p></form>
            """;
        return $"""
            <h2 id="failures">Failures</h2>
            <form method="get" action="/admin" class="row">
            {Select("status", "status", ["", .. OutboxReport.ProblemStatuses], status)}
            {Select("campaign", "campaign", ["", .. catalog.All.Select(c => c.Slug)], campaign)}
            {Select("kind", "kind", ["", .. MessageKind.All], kind)}
            <button type="submit" class="small">Filter</button></form>
            {table}
            """;
    }

    // A bounced message's address is suppressed: sending it again would only be cancelled, so it offers no retry.
    private static string RetryButton(OutboxAdmin.MessageView m) => m.Status == MessageStatus.Bounced
        ? "address suppressed"
        : $"<button type=\"submit\" class=\"small\" formaction=\"/admin/messages/{m.Id}/retry\">Retry</button>";

    private static string Select(string name, string label, IEnumerable<string> values, string? current) =>
        $"<div class=\"field\"><label for=\"filter-{name}\">{E(label)}</label><select id=\"filter-{name}\" name=\"{name}\">"
        + string.Concat(values.Select(v => $"<option value=\"{E(v)}\"{(v == (current ?? "") ? " selected" : "")}>{(v == "" ? "all" : E(v))}</option>"))
        + "</select></div>";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static string When(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
}
