using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Service.Pages;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Numbers;

/// <summary>
/// Open Graph and Twitter card tags for a campaign page (issue 17, point 3), in the page's language: what a chat
/// app or social site shows when the link is shared. Every URL is absolute, from <c>App:PublicBaseUrl</c>; the
/// image URL names its count bucket, so apps that keep previews by URL fetch a new one as the count moves.
/// </summary>
public static partial class LinkPreviewTags
{
    private const int DescriptionLength = 200;

    // Open Graph wants language_TERRITORY; these are the territories of the campaign's supporters' languages.
    private static readonly Dictionary<string, string> Locales = new(StringComparer.Ordinal)
    {
        ["en"] = "en_US", ["ko"] = "ko_KR", ["zh"] = "zh_CN", ["lo"] = "lo_LA",
    };

    private sealed record Rendered(CampaignDefinition Campaign, long Confirmed, string Tags);

    // One entry per campaign and language, replaced when the count moves, like the page parts (CampaignPageParts).
    private static readonly ConcurrentDictionary<(string Slug, string Language, string Base), Rendered> Held = new();

    public static string Render(CampaignDefinition campaign, string language, long confirmed, AppOptions app)
    {
        var key = (campaign.Slug, language, app.PublicBaseUrl);
        if (Held.TryGetValue(key, out var held) && ReferenceEquals(held.Campaign, campaign) && held.Confirmed == confirmed) return held.Tags;
        var tags = Draw(campaign, language, confirmed, app);
        Held[key] = new Rendered(campaign, confirmed, tags);
        return tags;
    }

    private static string Draw(CampaignDefinition campaign, string language, long confirmed, AppOptions app)
    {
        var title = campaign.Title.For(language, campaign.DefaultLanguage);
        // The count first: it is what a preview can tell that the title cannot, and a campaign may have no summary.
        var description = Description(Count(campaign, language, confirmed) + " · " + campaign.Summary.For(language, campaign.DefaultLanguage));
        var url = CampaignLinks.Page(app, campaign.Slug, language);
        var image = CampaignLinks.Absolute(app, PreviewImages.PathFor(campaign.Slug, language, confirmed));
        var alternates = string.Concat(campaign.Languages.Where(l => l != language)
            .Select(l => $"<meta property=\"og:locale:alternate\" content=\"{E(Locale(l))}\">"));
        return $"""
            <meta name="description" content="{E(description)}"><link rel="canonical" href="{E(url)}">
            <meta property="og:type" content="website"><meta property="og:site_name" content="{E(CampaignLinks.SiteName(app))}">
            <meta property="og:title" content="{E(title)}"><meta property="og:description" content="{E(description)}">
            <meta property="og:url" content="{E(url)}"><meta property="og:locale" content="{E(Locale(language))}">{alternates}
            <meta property="og:image" content="{E(image)}"><meta property="og:image:type" content="image/png">
            <meta property="og:image:width" content="{PreviewImage.Width}"><meta property="og:image:height" content="{PreviewImage.Height}"><meta property="og:image:alt" content="{E(title)}">
            <meta name="twitter:card" content="summary_large_image"><meta name="twitter:title" content="{E(title)}">
            <meta name="twitter:description" content="{E(description)}"><meta name="twitter:image" content="{E(image)}">
            """;
    }

    private static string Count(CampaignDefinition campaign, string language, long confirmed)
    {
        var words = SupporterPageTexts.For(language);
        var count = confirmed.ToString("#,0", CultureInfo.InvariantCulture);
        return campaign.Goal is { } goal
            ? SupporterPageTexts.Format(words.GoalProgress, count, goal.ToString("#,0", CultureInfo.InvariantCulture))
            : SupporterPageTexts.Format(words.SignatureCount, count);
    }

    private static string Locale(string language) => Locales.GetValueOrDefault(language, language);

    /// <summary>The summary as plain text (its Markdown marks dropped), on one line, cut at a word if long.</summary>
    private static string Description(string markdown)
    {
        var text = Spaces().Replace(Markdig.Markdown.ToPlainText(markdown), " ").Trim().TrimEnd('·', ' ');
        if (text.Length <= DescriptionLength) return text;
        var cut = text[..DescriptionLength];
        var space = cut.LastIndexOf(' ');
        return (space > DescriptionLength / 2 ? cut[..space] : cut).TrimEnd() + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
