using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Service.Pages;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Admin;

/// <summary>
/// The dashboard's queues at targets (<see cref="TargetQueues"/>) with a "Cancel queued letters" button per
/// target, and the Cancel buttons the admin pages post: a target's waiting letters, or one waiting message.
/// </summary>
public static class AdminTargetQueues
{
    public static async Task<string> RenderAsync(HttpContext http, CampaignCatalog catalog, OutboxReport report, CancellationToken ct)
    {
        var waiting = TargetQueues.Waiting(catalog, await report.QueuedByTargetAsync(null, ct));
        if (waiting.Count == 0) return """<h2 id="target-queues">Queues at targets</h2><p>Nothing is waiting for any target.</p>""";
        var rows = string.Concat(waiting.Select(q => $"""
            <tr data-target-queue="{E(q.Campaign)}/{E(q.Target)}"><td><a href="/admin/c/{E(q.Campaign)}">{E(q.Campaign)}</a></td>
            <td>{E(q.Name)}<br><span class="muted">{E(q.Target)}</span></td>
            <td data-queued="letters">{q.Letters}</td><td data-queued="deliveries">{q.Deliveries}</td><td>{q.MaxPerHour}</td>
            <td data-queue-takes>{E(q.Takes)}</td><td>{CancelForm(http, q, "/admin#target-queues")}</td></tr>
            """));
        return $"""
            <h2 id="target-queues">Queues at targets</h2>
            <p>Letters and deliveries waiting (queued or deferred) per target, and how long its <code>max_per_hour</code> takes to let them through.</p>
            <div class="wide"><table><tr><th>campaign</th><th>target</th><th>letters</th><th>deliveries</th><th>max_per_hour</th><th>takes</th><th></th></tr>
            {rows}</table></div>
            """;
    }

    /// <summary>A target's "Cancel queued letters" button; none when it has no letter waiting.</summary>
    public static string CancelForm(HttpContext http, TargetQueues.View queue, string back) => queue.Letters == 0 ? "" : $"""
        <form method="post" action="/admin/campaigns/{E(queue.Campaign)}/letters/cancel">{PageSecurity.TokenField(http)}
        <input type="hidden" name="target" value="{E(queue.Target)}"><input type="hidden" name="back" value="{E(back)}">
        <button type="submit" class="small">Cancel queued letters ({queue.Letters})</button></form>
        """;

    /// <summary>The message list's Cancel button (inside its form), for a message that is still waiting.</summary>
    public static string CancelButton(OutboxAdmin.MessageView message) =>
        message.Status is MessageStatus.Queued or MessageStatus.Deferred
            ? $"<button type=\"submit\" class=\"small\" formaction=\"/admin/messages/{message.Id}/cancel\">Cancel</button>"
            : "";

    /// <summary>A line saying what the last Cancel did, for the page it returns to.</summary>
    public static string Flash(int? cancelled) =>
        cancelled is { } n ? $"<p class=\"notice\" role=\"status\">{n} waiting message(s) cancelled.</p>" : "";

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapPost("/campaigns/{slug}/letters/cancel", async (string slug, HttpContext http, CampaignCatalog catalog,
            LetterCancellations cancellations, CancellationToken ct) =>
        {
            if (await PageSecurity.ReadCheckedFormAsync(http) is not { } form) return Results.BadRequest();
            if (catalog.Find(slug) is not { } campaign) return Results.NotFound();
            var target = form["target"].ToString();
            if (target.Length > 0 && campaign.FindTarget(target) is null) return Results.NotFound();
            var cancelled = await cancellations.CancelAsync(slug, new LetterCancellations.Filter(target.Length > 0 ? target : null, null, null), ct);
            return AdminActions.Back(form, $"cancelled={cancelled}");
        });
        pages.MapPost("/messages/{id:long}/cancel", async (long id, HttpContext http, LetterCancellations cancellations, CancellationToken ct) =>
        {
            if (await PageSecurity.ReadCheckedFormAsync(http) is not { } form) return Results.BadRequest();
            var (outcome, _) = await cancellations.CancelMessageAsync(id, ct);
            if (outcome == LetterCancellations.Outcome.NotFound) return Results.NotFound();
            return AdminActions.Back(form, $"cancelled={(outcome == LetterCancellations.Outcome.Cancelled ? 1 : 0)}");
        });
    }
}
