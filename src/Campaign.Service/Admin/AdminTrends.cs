using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Core.Reports;
using Campaign.Core.Signatures;
using Campaign.Service.Pages;

namespace Campaign.Service.Admin;

/// <summary>
/// The dashboard's charts: messages sent and signatures confirmed per day over the last 30 days, a line per
/// campaign, so an admin sees every campaign's pace at once without opening each one.
/// </summary>
public static class AdminTrends
{
    public const int Days = 30;

    public static async Task<string> RenderAsync(CampaignCatalog catalog, OutboxReport report, SignatureTimeline signatures, TimeProvider time, CancellationToken ct)
    {
        var days = SvgChart.LastDays(time.GetUtcNow(), Days);
        var sent = await report.SentByDayAsync(Days, ct);
        var confirmed = await signatures.ConfirmedByDayAsync(Days, ct);
        return $"""
            <h2>Last {Days} days (UTC)</h2>
            {SvgChart.Lines("Messages sent per day", days, PerCampaign(catalog, days, sent))}
            {SvgChart.Lines("Signatures confirmed per day", days, PerCampaign(catalog, days, confirmed))}
            """;
    }

    // Every campaign of the catalog, in its order, so a campaign keeps its colour in both charts.
    private static List<SvgChart.Series> PerCampaign(CampaignCatalog catalog, IReadOnlyList<DateTime> days, IEnumerable<DailyCounts.Row> counts)
    {
        var byKey = counts.ToDictionary(c => (c.Day.Date, c.Key), c => c.Count);
        return catalog.All.Select((c, i) => new SvgChart.Series(c.Slug, SvgChart.Colour(i),
            days.Select(d => byKey.GetValueOrDefault((d.Date, c.Slug))).ToList())).ToList();
    }
}
