using System.Globalization;
using Campaign.Core.Signatures;
using Campaign.Service.Pages;

namespace Campaign.Service.Admin;

/// <summary>
/// The admin campaign page's confirm rate over time (issue 17, point 4): per day, signatures made against those
/// of them confirmed, as lines and as a percentage. Aggregates only, like every chart here.
/// </summary>
public static class AdminConfirmRate
{
    public static async Task<string> RenderAsync(string slug, IReadOnlyList<DateTime> days, SignatureTimeline signatures, CancellationToken ct)
    {
        var rows = (await signatures.ConfirmRateByDayAsync(slug, days.Count, ct)).ToDictionary(r => r.Day.Date);
        var signed = days.Select(d => rows.GetValueOrDefault(d.Date)?.Made ?? 0L).ToList();
        var confirmed = days.Select(d => rows.GetValueOrDefault(d.Date)?.Confirmed ?? 0L).ToList();
        var cells = string.Concat(days.Select((d, i) => signed[i] == 0 ? "" :
            $"<tr data-day=\"{d:yyyy-MM-dd}\"><td>{d:yyyy-MM-dd}</td><td>{signed[i]}</td><td>{confirmed[i]}</td><td data-rate>{Rate(confirmed[i], signed[i])}</td></tr>"));
        return $"""
            <h2>Confirm rate per day of signing (UTC)</h2>
            {SvgChart.Lines("Signed and confirmed per day", days, [new("signed", "#f9a825", signed), new("confirmed", "#2e7d32", confirmed)])}
            <div class="wide"><table class="confirm-rate"><tr><th>day</th><th>signed</th><th>confirmed since</th><th>rate</th></tr>{cells}</table></div>
            <p class="muted">Overall: {Rate(confirmed.Sum(), signed.Sum())} of {signed.Sum()} signatures in the last {days.Count} days confirmed.</p>
            """;
    }

    private static string Rate(long confirmed, long signed) =>
        signed == 0 ? "–" : (confirmed / (double)signed).ToString("0%", CultureInfo.InvariantCulture);
}
