using System.Globalization;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Admin;

/// <summary>
/// Stacked bars per day, drawn on the server as SVG: no script, no chart library, nothing for the
/// Content-Security-Policy to allow. Colours are SVG attributes, not inline styles.
/// </summary>
public static class SvgChart
{
    public sealed record Series(string Name, string Colour, IReadOnlyList<long> Values);

    private const int Width = 700, Height = 200, Left = 40, Bottom = 20, Top = 10;

    public static string StackedBars(string label, IReadOnlyList<DateTime> days, IReadOnlyList<Series> series)
    {
        var totals = days.Select((_, i) => series.Sum(s => s.Values[i])).ToList();
        var max = Math.Max(1, totals.Count == 0 ? 1 : totals.Max());
        var slot = (Width - Left) / (double)Math.Max(1, days.Count);
        var plot = Height - Bottom - Top;
        var bars = new List<string>();
        for (var i = 0; i < days.Count; i++)
        {
            var y = (double)(Height - Bottom);
            foreach (var s in series.Where(s => s.Values[i] > 0))
            {
                var h = s.Values[i] * plot / (double)max;
                y -= h;
                bars.Add($"<rect x=\"{N(Left + i * slot + 1)}\" y=\"{N(y)}\" width=\"{N(slot - 2)}\" height=\"{N(h)}\" fill=\"{s.Colour}\"><title>{days[i]:yyyy-MM-dd} {E(s.Name)}: {s.Values[i]}</title></rect>");
            }
        }
        var axis = days.Count == 0 ? "" : $"""
            <text x="{Left}" y="{Height - 4}" font-size="11">{days[0]:MM-dd}</text>
            <text x="{Width}" y="{Height - 4}" font-size="11" text-anchor="end">{days[^1]:MM-dd}</text>
            """;
        var legend = string.Concat(series.Select(s =>
            $"<span><svg width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"{s.Colour}\"/></svg> {E(s.Name)} {s.Values.Sum()}</span>"));
        return $"""
            <figure><svg class="chart" viewBox="0 0 {Width} {Height}" role="img" aria-label="{E(label)}">
            <line x1="{Left}" y1="{Height - Bottom}" x2="{Width}" y2="{Height - Bottom}" stroke="#999"/>
            <text x="{Left - 4}" y="{Top + 10}" font-size="11" text-anchor="end">{max}</text>
            <text x="{Left - 4}" y="{Height - Bottom}" font-size="11" text-anchor="end">0</text>
            {string.Concat(bars)}{axis}
            </svg><figcaption>{E(label)} <span class="legend">{legend}</span></figcaption></figure>
            """;
    }

    /// <summary>The last <paramref name="count"/> UTC days, oldest first, ending today.</summary>
    public static IReadOnlyList<DateTime> LastDays(DateTimeOffset now, int count) =>
        Enumerable.Range(0, count).Select(i => now.UtcDateTime.Date.AddDays(i - count + 1)).ToList();

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
