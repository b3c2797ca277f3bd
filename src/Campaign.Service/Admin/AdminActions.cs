using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Core.Storage;
using Campaign.Service.Pages;

namespace Campaign.Service.Admin;

/// <summary>
/// What the dashboard's buttons post: retry one message or a selection, pause or resume a campaign.
/// Each checks the antiforgery token and returns to the page it came from.
/// </summary>
public static class AdminActions
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapPost("/messages/{id:long}/retry", async (long id, HttpContext http, OutboxAdmin outbox, IDispatchScheduler dispatcher, CancellationToken ct) =>
        {
            if (await PageSecurity.ReadCheckedFormAsync(http) is not { } form) return Results.BadRequest();
            var queued = await RetryAsync([id], outbox, dispatcher, ct);
            return Back(form, $"retried={queued}");
        });
        pages.MapPost("/messages/retry", async (HttpContext http, OutboxAdmin outbox, IDispatchScheduler dispatcher, CancellationToken ct) =>
        {
            if (await PageSecurity.ReadCheckedFormAsync(http) is not { } form) return Results.BadRequest();
            var ids = form["id"].Select(v => long.TryParse(v, out var id) ? id : 0).Where(id => id > 0).Distinct().Take(1000).ToList();
            var queued = await RetryAsync(ids, outbox, dispatcher, ct);
            return Back(form, $"retried={queued}");
        });
        pages.MapPost("/campaigns/{slug}/{action:regex(^(pause|resume)$)}", async (string slug, string action, HttpContext http,
            CampaignCatalog catalog, CampaignRows rows, IDispatchScheduler dispatcher, CancellationToken ct) =>
        {
            if (await PageSecurity.ReadCheckedFormAsync(http) is not { } form) return Results.BadRequest();
            if (catalog.Find(slug) is null || !await rows.SetPausedAsync(slug, action == "pause", ct)) return Results.NotFound();
            if (action == "resume") dispatcher.Kick(); // what the pause held back is due now
            return Back(form, action == "pause" ? "paused=1" : "resumed=1");
        });
    }

    private static async Task<int> RetryAsync(IEnumerable<long> ids, OutboxAdmin outbox, IDispatchScheduler dispatcher, CancellationToken ct)
    {
        var queued = 0;
        foreach (var id in ids)
        {
            if ((await outbox.RetryAsync(id, ct)).Outcome == OutboxAdmin.RetryOutcome.Queued) queued++;
        }
        if (queued > 0) dispatcher.Kick();
        return queued;
    }

    /// <summary>Back to the admin page the form was on, filters kept; never to another site.</summary>
    public static IResult Back(IFormCollection form, string done)
    {
        var back = form["back"].ToString();
        if (!back.StartsWith("/admin", StringComparison.Ordinal) || back.Contains("//", StringComparison.Ordinal) || back.Contains('\\')) back = "/admin";
        var path = back.Split('#')[0];
        return Results.Redirect(path + (path.Contains('?') ? "&" : "?") + done);
    }
}
