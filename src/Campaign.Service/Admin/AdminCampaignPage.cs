using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Core.Replies;
using Campaign.Core.Signatures;
using Campaign.Core.Composition;
using Microsoft.Extensions.Options;
using Campaign.Service.Pages;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Admin;

/// <summary>
/// <c>/admin/c/{slug}</c>: one campaign's signatures and messages over the last two weeks, and per target
/// the sends of the last hour against its <c>max_per_hour</c>, what waits for it and how long that takes, with
/// a button that cancels its queued letters, and the last petition deliveries it was sent; the targets' replies
/// (<see cref="AdminReplies"/>).
/// </summary>
public static class AdminCampaignPage
{
    private const int Days = 14;

    private static readonly Dictionary<string, string> StatusColours = new(StringComparer.Ordinal)
    {
        ["queued"] = "#9e9e9e", ["sending"] = "#0288d1", ["sent"] = "#2e7d32", ["deferred"] = "#f9a825",
        ["failed"] = "#c62828", ["unknown"] = "#6a1b9a", ["cancelled"] = "#5d4037",
        ["pending"] = "#f9a825", ["confirmed"] = "#2e7d32", ["withdrawn"] = "#9e9e9e",
    };

    public static async Task<IResult> RenderAsync(string slug, int? cancelled, HttpContext http, CampaignCatalog catalog, SignatureTimeline signatures,
        OutboxReport report, ReplyBook replies, SignatureRefCounts refs, IOptions<AppOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (catalog.Find(slug) is not { } campaign) return Results.NotFound();
        var days = SvgChart.LastDays(time.GetUtcNow(), Days);
        var signatureDays = (await signatures.ByDayAsync(slug, Days, ct)).Select(d => (d.Day, d.Key, d.Count));
        var messageDays = (await report.ByDayAsync(slug, Days, ct)).Select(d => (d.Day, d.Key, d.Count));
        var sentLastHour = (await report.SentLastHourAsync(slug, ct)).ToDictionary(t => t.Target, t => t.LastHour);
        var deliveries = (await report.LastDeliveriesAsync(slug, 5, ct)).ToLookup(d => d.Target);
        var queues = TargetQueues.Of(campaign, await report.QueuedByTargetAsync(slug, ct), everyTarget: true).ToDictionary(q => q.Target);
        var back = $"/admin/c/{slug}";
        var latest = string.Concat((await signatures.LatestAsync(slug, 20, ct)).Select(s =>
            $"<tr><td>{AdminDashboard.When(s.CreatedAt)}</td><td class=\"signer\">{E(s.Name)}</td><td>{E(s.Country)}</td><td>{E(s.Status)}</td></tr>"));

        var targets = string.Concat(campaign.Targets.Select(t =>
        {
            var sent = sentLastHour.GetValueOrDefault(t.Id);
            var queue = queues[t.Id];
            var record = deliveries[t.Id].Select(d => $"{AdminDashboard.When(d.SentAt)} <span class=\"muted\">{E(d.MessageId)}</span>").ToList();
            return $"""
                <tr data-target="{E(t.Id)}"><th>{E(t.Name)}<br><span class="muted">{E(t.Id)} · {E(t.Email)}</span></th>
                <td data-sent-last-hour>{sent} / {t.MaxPerHour}</td>
                <td data-queued="letters">{queue.Letters}</td><td data-queued="deliveries">{queue.Deliveries}</td>
                <td data-queue-takes>{E(queue.Takes)}{AdminTargetQueues.CancelForm(http, queue, back)}</td>
                <td>{E(t.OfficeHours?.Text ?? "any time")} ({E(t.TimeZone)})</td>
                <td>{(record.Count == 0 ? "none yet" : string.Join("<br>", record))}</td></tr>
                """;
        }));
        return Render("en", $"Admin: {slug}", $"""
            {AdminPages.Menu(http)}
            <h1>{E(campaign.Title.For(campaign.DefaultLanguage, campaign.DefaultLanguage))}</h1>
            {AdminTargetQueues.Flash(cancelled)}
            {AdminReplies.Flash(http.Request)}
            <p class="muted">{E(slug)} · {E(campaign.Kind.ToString().ToLowerInvariant())} · <a href="/api/admin/campaigns/{E(slug)}/signatures.csv">confirmed signatures (CSV)</a></p>
            <h2>Signatures per day (UTC)</h2>
            {SvgChart.StackedBars("Signatures by status", days, SeriesOf(days, signatureDays, ["confirmed", "pending", "withdrawn"]))}
            {await AdminConfirmRate.RenderAsync(slug, days, signatures, ct)}
            {CampaignQr(campaign)}
            <h2>Messages per day (UTC)</h2>
            {SvgChart.StackedBars("Messages by status", days, SeriesOf(days, messageDays, MessageStatus.All))}
            <h2>Targets</h2>
            <div class="wide"><table><tr><th>target</th><th>sent in the last hour / max_per_hour</th><th>letters waiting</th><th>deliveries waiting</th><th>the queue takes at max_per_hour</th><th>office hours</th><th>last deliveries sent (UTC)</th></tr>{targets}</table></div>
            {AdminShareSources.Render(campaign, await refs.ForCampaignAsync(slug, ct), options.Value.PublicBaseUrl)}
            {await AdminReplies.RenderAsync(http, campaign, replies, ct)}
            <h2>Latest signatures</h2>
            <div class="wide"><table><tr><th>signed (UTC)</th><th>name</th><th>country</th><th>status</th></tr>{latest}</table></div>
            """, refreshSeconds: AdminDashboard.RefreshSeconds);
    }

    /// <summary>The campaign page's QR code per language, for posters (<see cref="Numbers.CampaignQrCode"/>).</summary>
    private static string CampaignQr(CampaignDefinition campaign) => $"""
        <h2>QR code for posters</h2>
        <p>{string.Join(" · ", campaign.Languages.Select(l => $"<a href=\"{E(Numbers.CampaignQrCode.PathFor(campaign.Slug, l))}\" download=\"{E(campaign.Slug)}-{E(l)}-qr.svg\">{E(l)}</a>"))}</p>
        <img src="{E(Numbers.CampaignQrCode.PathFor(campaign.Slug, campaign.DefaultLanguage))}" alt="QR code of the campaign page" width="160" height="160">
        """;

    private static List<SvgChart.Series> SeriesOf(IReadOnlyList<DateTime> days, IEnumerable<(DateTime Day, string Status, long Count)> counts, IEnumerable<string> statuses)
    {
        var byKey = counts.ToDictionary(c => (c.Day.Date, c.Status), c => c.Count);
        return statuses.Select(s => new SvgChart.Series(s, StatusColours.GetValueOrDefault(s, "#777"),
            days.Select(d => byKey.GetValueOrDefault((d.Date, s))).ToList())).ToList();
    }
}
