using Campaign.Core.Privacy;
using Campaign.Core.Signatures;
using Campaign.Service.Abuse;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Admin;

/// <summary>
/// The dashboard's Surges section: every source (email domain, network, country) that crossed its threshold in
/// the last day, with what it sent in the last hour and what an invalidation would still take back. Domains and
/// networks appear only as the short form of their keyed hash; <c>/admin/surges?ip=…</c> or <c>?domain=…</c>
/// tells an admin which key is that IP's network or that domain.
/// </summary>
public static class AdminSurges
{
    public const int Hours = 24;

    // The counting stops at SurgeWatch.CountedUpTo rows of the source: then both figures are floors.
    private static string Counted(long count, SurgeAlert alert) => alert.LastHour >= SurgeWatch.CountedUpTo ? $"{count}+" : $"{count}";

    public static async Task<string> RenderAsync(SurgeWatch watch, CancellationToken ct)
    {
        var alerts = await watch.RecentAsync(Hours, ct);
        if (alerts.Count == 0) return $"""<h2 id="surges">Surges</h2><p>No source crossed its threshold in the last {Hours} hours.</p>""";
        var rows = string.Concat(alerts.Select(a => $"""
            <tr data-surge="{E(a.Campaign)}/{E(a.Source)}/{E(a.SourceKey)}"><td>{E(a.Campaign)}</td><td>{E(a.Source)}</td>
            <td><code title="{E(a.SourceKey)}">{E(Shown(a))}</code></td><td>{SurgeAdminApi.Utc(a.Hour)}</td><td>{a.Signatures}+</td>
            <td data-last-hour>{Counted(a.LastHour, a)}</td><td data-still-counting>{Counted(a.StillCounting, a)}</td></tr>
            """));
        return $"""
            <h2 id="surges">Surges</h2>
            <p>Sources that sent at least the alert threshold (Abuse:SurgeAlertPerHour, per country Abuse:SurgeCountryAlertPerHour)
            within an hour. Invalidate through <code>POST /api/admin/campaigns/{"{slug}"}/invalidations</code>, after its <code>/preview</code>.</p>
            <div class="wide"><table><tr><th>campaign</th><th>source</th><th>key</th><th>hour (UTC)</th><th>crossed at</th>
            <th>last hour</th><th>still counting</th></tr>{rows}</table></div>
            """;
    }

    /// <summary><c>/admin/surges</c>: the section on a page of its own, with the lookup of an IP's network or a domain's key.</summary>
    public static async Task<IResult> PageAsync(HttpContext http, string? ip, string? domain, KeyRing ring, CancellationToken ct)
    {
        var keys = new SourceKeys(ring);
        var found = "";
        if (!string.IsNullOrWhiteSpace(ip))
            found = SurgeAdminApi.NetworkKey(ip, keys) is { } key && System.Net.IPAddress.TryParse(ip.Trim(), out _)
                ? $"<p role=\"status\">This IP's network: <code data-network-key=\"{E(key)}\">{E(SourceKeys.Shown(key))}</code> (full key <code>{E(key)}</code>)</p>"
                : "<p class=\"alert\" role=\"alert\">That is not an IP address.</p>";
        else if (!string.IsNullOrWhiteSpace(domain))
        {
            var key = keys.Domain(domain.Trim());
            found = $"<p role=\"status\">This domain's key: <code data-domain-key=\"{E(key)}\">{E(SourceKeys.Shown(key))}</code></p>";
        }
        return Render("en", "Surges", $"""
            {AdminPages.Menu(http)}
            {await RenderAsync(SignatureSources.Watch(http.RequestServices), ct)}
            <h2 id="lookup">Which key is it?</h2>
            <form method="get" action="/admin/surges" class="row">
            <div class="field"><label for="ip">An IP address</label><input id="ip" name="ip" autocomplete="off"></div>
            <div class="field"><label for="domain">or an email domain</label><input id="domain" name="domain" autocomplete="off"></div>
            <button type="submit" class="small">Look up</button></form>
            {found}
            """, refreshSeconds: null);
    }

    private static string Shown(SurgeAlert alert) => alert.Source == SurgeAlert.Country ? alert.SourceKey : SourceKeys.Shown(alert.SourceKey);
}
