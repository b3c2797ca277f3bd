using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Campaign.Core.Campaigns;
using Campaign.Core.Signatures;
using Campaign.Service.Pages;
using static Campaign.Service.Pages.HtmlPage;
using static Campaign.Service.Pages.SupporterPageTexts;

namespace Campaign.Service.Numbers;

/// <summary>
/// The campaign page's numbers: milestones, confirmations per hour and per day as server-drawn SVG (no script),
/// the count by country above the privacy floor, and the poster QR code. Rendered per request from the shared
/// numbers — the hours' window moves with the clock, not only with the count, so it is not part of the cached
/// page parts; it is drawn once per recount of the numbers and language instead.
/// </summary>
public static class NumbersSection
{
    private static readonly ConcurrentDictionary<string, Dictionary<string, string>> CountryNames = new(StringComparer.Ordinal);

    // Per numbers (one instance per recount, see PublicNumbers.ForAsync) and language: drawn once, not per page view.
    private static readonly ConditionalWeakTable<PublicNumbers.Numbers, ConcurrentDictionary<string, string>> Drawn = new();

    public static string Render(CampaignDefinition campaign, string language, PublicNumbers.Numbers numbers) =>
        Drawn.GetValue(numbers, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal)).GetOrAdd(language, l => Draw(campaign, l, numbers));

    private static string Draw(CampaignDefinition campaign, string language, PublicNumbers.Numbers numbers)
    {
        var words = NumbersWords.For(language);
        var charts = numbers.PerDay.Count == 0
            ? $"<p class=\"muted\">{E(words.NoneYet)}</p>"
            : Chart(Format(words.PerHour, ConfirmedTimeline.Hours), numbers.PerHour, hourly: true) + Chart(words.PerDay, numbers.PerDay, hourly: false);
        return $"""
            <section id="numbers" class="numbers">
            <h2>{E(words.Heading)}</h2>
            {Milestones(numbers, words)}
            {charts}
            {Countries(language, numbers, words)}
            {QrCode(campaign, language, words)}
            </section>
            """;
    }

    private static string Chart(string label, IReadOnlyList<ConfirmedTimeline.Slot> slots, bool hourly) =>
        SvgChart.StackedBars(label, slots.Select(s => s.Start).ToList(),
            [new SvgChart.Series(label, SvgChart.Colour(0), slots.Select(s => s.Count).ToList())], hourly);

    private static string Milestones(PublicNumbers.Numbers numbers, NumbersWords words)
    {
        if (numbers.Milestones.Count == 0) return "";
        var items = numbers.Milestones.Select(m => m.Reached
            ? $"<li class=\"reached\" data-milestone=\"{m.Signatures}\">✓ {E(Format(words.Reached, Number(m.Signatures)))}</li>"
            : $"<li data-milestone=\"{m.Signatures}\">{E(Format(words.ToGo, Number(m.Signatures), Number(m.Signatures - numbers.Signatures)))}</li>");
        return $"<h3>{E(words.Milestones)}</h3><ul class=\"milestones\">{string.Concat(items)}</ul>";
    }

    private static string Countries(string language, PublicNumbers.Numbers numbers, NumbersWords words)
    {
        if (numbers.ByCountry.Count == 0) return "";
        var names = CountryNames.GetOrAdd(language, l => CountryChoices.For(l).ToDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal));
        var rows = numbers.ByCountry.Select(c =>
        {
            var name = c.Key == SignatureCounts.OtherCountries ? words.OtherCountries : names.GetValueOrDefault(c.Key, c.Key);
            return $"<tr data-country=\"{E(c.Key)}\"><td>{E(name)}</td><td>{Number(c.Value)}</td></tr>";
        });
        return $"""
            <h3>{E(words.ByCountry)}</h3>
            <table class="countries">{string.Concat(rows)}</table>
            <p class="muted">{E(Format(words.FloorNote, numbers.CountryFloor))}</p>
            """;
    }

    private static string QrCode(CampaignDefinition campaign, string language, NumbersWords words)
    {
        var path = CampaignQrCode.PathFor(campaign.Slug, language);
        return $"""
            <h3>{E(words.QrHeading)}</h3>
            <figure class="qr"><img src="{E(path)}" alt="{E(words.QrAlt)}" width="160" height="160">
            <figcaption><a href="{E(path)}" download="{E(campaign.Slug)}-{E(language)}-qr.svg">{E(words.QrDownload)}</a></figcaption></figure>
            """;
    }

    private static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
