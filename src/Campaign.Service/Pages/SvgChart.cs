using System.Globalization;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Pages;

/// <summary>
/// Charts per day (or per hour), drawn on the server as SVG: no script, no chart library, nothing for the
/// Content-Security-Policy to allow. Colours are SVG attributes, not inline styles. The admin pages and the
/// campaign page's numbers share it.
/// </summary>
public static class SvgChart
{
    public sealed record Series(string Name, string Colour, IReadOnlyList<long> Values);

    private const int Width = 700, Height = 200, Left = 40, Bottom = 20, Top = 10, Plot = Height - Bottom - Top;

    // Okabe and Ito's colours first (told apart with every common kind of colour blindness), then Tol's muted ones.
    private static readonly string[] Palette =
        ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#000000", "#f0e442", "#882255", "#44aa99", "#999933", "#888888"];

    /// <summary>The colour of the <paramref name="index"/>th series of a chart that has a series per campaign.</summary>
    public static string Colour(int index) => Palette[index % Palette.Length];

    /// <summary>Each day's bar stacks the series: the whole and its parts.</summary>
    /// <param name="hourly">The slots are hours, not days: the axis and the tips name the hour.</param>
    public static string StackedBars(string label, IReadOnlyList<DateTime> days, IReadOnlyList<Series> series, bool hourly = false)
    {
        var totals = days.Select((_, i) => series.Sum(s => s.Values[i])).ToList();
        var max = Math.Max(1, totals.Count == 0 ? 1 : totals.Max());
        var slot = (Width - Left) / (double)Math.Max(1, days.Count);
        var bars = new List<string>();
        for (var i = 0; i < days.Count; i++)
        {
            var y = (double)(Height - Bottom);
            foreach (var s in series.Where(s => s.Values[i] > 0))
            {
                var h = s.Values[i] * Plot / (double)max;
                y -= h;
                bars.Add($"<rect x=\"{N(Left + i * slot + 1)}\" y=\"{N(y)}\" width=\"{N(Math.Max(1, slot - 2))}\" height=\"{N(h)}\" fill=\"{s.Colour}\">{Tip(days[i], s, i, hourly)}</rect>");
            }
        }
        return Frame(label, days, max, string.Concat(bars), series, hourly);
    }

    /// <summary>A line per series, to compare them day by day (campaigns against each other).</summary>
    public static string Lines(string label, IReadOnlyList<DateTime> days, IReadOnlyList<Series> series)
    {
        var max = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        // A point's radius in from the right edge, so today's point is drawn whole.
        var step = (Width - Left - 4) / (double)Math.Max(1, days.Count - 1);
        double X(int i) => Left + i * step;
        double Y(long value) => Height - Bottom - value * Plot / (double)max;
        // A series that is zero throughout draws no line (it would only hide the axis and the others); the legend still names it.
        var lines = string.Concat(series.Where(s => s.Values.Any(v => v != 0)).Select(s =>
            $"<polyline points=\"{string.Join(" ", s.Values.Select((v, i) => $"{N(X(i))},{N(Y(v))}"))}\" fill=\"none\" stroke=\"{s.Colour}\" stroke-width=\"2\"/>"
            + string.Concat(s.Values.Select((v, i) => v == 0 ? "" : $"<circle cx=\"{N(X(i))}\" cy=\"{N(Y(v))}\" r=\"3\" fill=\"{s.Colour}\">{Tip(days[i], s, i)}</circle>"))));
        return Frame(label, days, max, lines, series);
    }

    /// <summary>The last <paramref name="count"/> UTC days, oldest first, ending today.</summary>
    public static IReadOnlyList<DateTime> LastDays(DateTimeOffset now, int count) =>
        Enumerable.Range(0, count).Select(i => now.UtcDateTime.Date.AddDays(i - count + 1)).ToList();

    /// <summary>Axes, the first and last day, and a legend naming each series with its total.</summary>
    private static string Frame(string label, IReadOnlyList<DateTime> days, long max, string marks, IReadOnlyList<Series> series, bool hourly = false)
    {
        var format = hourly ? "MM-dd HH:00" : "MM-dd";
        var axis = days.Count == 0 ? "" : $"""
            <text x="{Left}" y="{Height - 4}" font-size="11">{At(days[0], format)}</text>
            <text x="{Width}" y="{Height - 4}" font-size="11" text-anchor="end">{At(days[^1], format)}</text>
            """;
        // One series needs no key: its name is the chart's; the legend is then its total alone.
        var legend = series.Count == 1 ? $"<span>{series[0].Values.Sum()}</span>" : string.Concat(series.Select(s =>
            $"<span><svg width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"{s.Colour}\"/></svg> {E(s.Name)} {s.Values.Sum()}</span>"));
        return $"""
            <figure><svg class="chart" viewBox="0 0 {Width} {Height}" role="img" aria-label="{E(label)}">
            <line x1="{Left}" y1="{Height - Bottom}" x2="{Width}" y2="{Height - Bottom}" stroke="#999"/>
            <text x="{Left - 4}" y="{Top + 10}" font-size="11" text-anchor="end">{max}</text>
            <text x="{Left - 4}" y="{Height - Bottom}" font-size="11" text-anchor="end">0</text>
            {marks}{axis}
            </svg><figcaption>{E(label)} <span class="legend">{legend}</span></figcaption></figure>
            """;
    }

    private static string Tip(DateTime day, Series series, int i, bool hourly = false) =>
        $"<title>{At(day, hourly ? "yyyy-MM-dd HH:00" : "yyyy-MM-dd")} {E(series.Name)}: {series.Values[i]}</title>";

    private static string At(DateTime slot, string format) => slot.ToString(format, CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
