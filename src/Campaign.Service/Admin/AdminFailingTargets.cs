using Campaign.Core.Deliverability;
using Campaign.Core.Outbox;
using Campaign.Service.Pages;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Admin;

/// <summary>
/// The dashboard's list of targets whose address bounced for good: their letters and deliveries wait, neither
/// failed nor sent, until an admin clears the flag here or the campaign file gives the target a new address.
/// </summary>
public static class AdminFailingTargets
{
    public static async Task<string> RenderAsync(HttpContext http, FailingTargets targets, CancellationToken ct)
    {
        var flags = await targets.ListAsync(ct);
        if (flags.Count == 0) return """<h2 id="failing-targets">Failing targets</h2><p>No target's address is failing.</p>""";
        var rows = string.Concat(flags.Select(f => $"""
            <tr data-failing-target="{E(f.Campaign)}/{E(f.TargetId)}"><td>{E(f.Campaign)}</td><td>{E(f.TargetId)}</td><td>{E(f.Address)}</td>
            <td>{E(f.Reason)}</td><td>{AdminDashboard.When(f.Since)}</td>
            <td><form method="post" action="/admin/campaigns/{E(f.Campaign)}/targets/{E(f.TargetId)}/clear">{PageSecurity.TokenField(http)}
            <input type="hidden" name="back" value="/admin#failing-targets"><button type="submit" class="small">Clear and send</button></form></td></tr>
            """));
        return $"""
            <h2 id="failing-targets">Failing targets</h2>
            <p>Mail to these targets is held until the flag is cleared or the campaign file changes the address.</p>
            <div class="wide"><table><tr><th>campaign</th><th>target</th><th>address</th><th>reason</th><th>since (UTC)</th><th></th></tr>
            {rows}</table></div>
            """;
    }

    /// <summary>The Clear button: lifts the flag and wakes the dispatcher, since what it held is due now.</summary>
    public static void Map(RouteGroupBuilder pages) =>
        pages.MapPost("/campaigns/{slug}/targets/{targetId}/clear", async (string slug, string targetId, HttpContext http,
            FailingTargets targets, IDispatchScheduler dispatcher, CancellationToken ct) =>
        {
            if (await PageSecurity.ReadCheckedFormAsync(http) is not { } form) return Results.BadRequest();
            if (!await targets.ClearAsync(slug, targetId, ct)) return Results.NotFound();
            dispatcher.Kick();
            return AdminActions.Back(form, "cleared=1");
        });
}
