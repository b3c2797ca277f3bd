using System.Collections.Concurrent;
using System.Text;
using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Service.Api;
using Campaign.Service.Pages;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Campaign.Service.Numbers;

/// <summary>
/// <c>GET /c/{slug}/qr.svg[?lang=xx]</c>: a QR code of the campaign page's public address, as SVG for posters
/// and event tables (it scales to any print size). Generated once per campaign and language: the address never
/// changes while the service runs.
/// </summary>
public sealed class CampaignQrCode(IOptions<AppOptions> app)
{
    /// <summary>A day: the code changes only with <c>App:PublicBaseUrl</c>.</summary>
    private const string CacheControl = "public, max-age=86400";

    private readonly ConcurrentDictionary<string, byte[]> drawn = new(StringComparer.Ordinal);

    public static string PathFor(string slug, string? language) =>
        $"/c/{Uri.EscapeDataString(slug)}/qr.svg" + (language is null ? "" : $"?lang={Uri.EscapeDataString(language)}");

    public static IResult Get(string slug, string? lang, HttpContext http, CampaignCatalog catalog, CampaignQrCode codes)
    {
        if (CampaignPages.Visible(catalog, slug) is not { } campaign) return CampaignEndpoints.NotFound(slug);
        var (language, problem) = CampaignLinks.Language(campaign, lang);
        if (problem is not null) return problem;
        var svg = codes.For(CampaignLinks.Page(codes.App, campaign.Slug, language));
        return ConditionalAnswer.Bytes(http, svg, "image/svg+xml", CacheControl);
    }

    private AppOptions App => app.Value;

    /// <summary>The SVG of a QR code for <paramref name="url"/>.</summary>
    public byte[] For(string url) => drawn.GetOrAdd(url, Draw);

    private static byte[] Draw(string url)
    {
        // Level M survives a poster's scuffs (15% of the code) and keeps the code small enough to scan from afar.
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
        return Encoding.UTF8.GetBytes(svg);
    }
}
