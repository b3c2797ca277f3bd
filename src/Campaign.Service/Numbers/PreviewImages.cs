using System.Collections.Concurrent;
using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Signatures;
using Campaign.Service.Api;
using Campaign.Service.Pages;
using Microsoft.Extensions.Options;
using static Campaign.Service.Pages.SupporterPageTexts;

namespace Campaign.Service.Numbers;

/// <summary>
/// <c>GET /c/{slug}/preview.png?lang=xx</c>: the campaign's <see cref="PreviewImage"/>, drawn once per campaign,
/// language and count bucket and then served from memory — a link shared in a busy chat is fetched by every
/// client that shows it, and drawing costs tens of milliseconds. One entry per campaign and language, replaced
/// when the count reaches the next bucket, so the cache never grows past the campaigns' languages.
/// </summary>
public sealed class PreviewImages(SignatureCounts counts, PreviewFonts fonts, IOptions<AppOptions> app)
{
    /// <summary>Five minutes: a preview follows the count in buckets anyway, and the page's og:image names its bucket.</summary>
    private const string CacheControl = "public, max-age=300";

    private sealed record Drawn(CampaignDefinition Campaign, long Bucket, Lazy<byte[]> Png);

    private readonly ConcurrentDictionary<(string Slug, string Language), Drawn> drawn = new();

    public static string PathFor(string slug, string language, long confirmed) =>
        $"/c/{Uri.EscapeDataString(slug)}/preview.png?lang={Uri.EscapeDataString(language)}&n={Bucket(confirmed)}";

    /// <summary>
    /// The count as a preview shows it: exact below 100, then its first two digits (12,345 shows as 12,000+). The
    /// image changes with each bucket — about a hundred times from 100 to a million — not with every signature.
    /// </summary>
    public static long Bucket(long confirmed)
    {
        if (confirmed < 100) return confirmed;
        var step = (long)Math.Pow(10, Math.Floor(Math.Log10(confirmed)) - 1);
        return confirmed / step * step;
    }

    public static async Task<IResult> GetAsync(string slug, string? lang, HttpContext http, CampaignCatalog catalog, PreviewImages images, CancellationToken cancellationToken)
    {
        if (CampaignPages.Visible(catalog, slug) is not { } campaign) return CampaignEndpoints.NotFound(slug);
        var (language, problem) = CampaignLinks.Language(campaign, lang);
        if (problem is not null) return problem;
        var png = await images.ForAsync(campaign, language ?? campaign.DefaultLanguage, cancellationToken);
        return ConditionalAnswer.Bytes(http, png, "image/png", CacheControl);
    }

    public async Task<byte[]> ForAsync(CampaignDefinition campaign, string language, CancellationToken cancellationToken)
    {
        var bucket = Bucket((await counts.ForCampaignAsync(campaign.Slug, cancellationToken)).Confirmed);
        var fresh = new Drawn(campaign, bucket, new Lazy<byte[]>(() => Draw(campaign, language, bucket), LazyThreadSafetyMode.ExecutionAndPublication));
        // The campaign itself is part of the key (by reference): a catalog read again from its files draws anew.
        return drawn.AddOrUpdate((campaign.Slug, language), fresh,
            (_, held) => ReferenceEquals(held.Campaign, campaign) && held.Bucket == bucket ? held : fresh).Png.Value;
    }

    private byte[] Draw(CampaignDefinition campaign, string language, long bucket)
    {
        var words = For(language);
        var shown = bucket.ToString("#,0", CultureInfo.InvariantCulture) + (bucket >= 100 ? "+" : "");
        var count = campaign.Goal is { } goal
            ? Format(words.GoalProgress, shown, goal.ToString("#,0", CultureInfo.InvariantCulture))
            : Format(words.SignatureCount, shown);
        double? progress = campaign.Goal is > 0 and var g ? bucket / (double)g : null;
        return PreviewImage.Render(fonts.For(language), campaign.Title.For(language, campaign.DefaultLanguage), count, progress, CampaignLinks.SiteName(app.Value));
    }
}
