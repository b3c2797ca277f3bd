using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Campaign.Core.Composition;
using Campaign.Service.Numbers;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QRCoder;
using SkiaSharp;

namespace Campaign.Tests.Numbers;

/// <summary>
/// What a chat app or social site fetches when a campaign link is shared (Open Graph and Twitter tags, the preview
/// PNG) and the poster QR code: absolute URLs on the public base, the image's size, its cache headers, and a QR
/// code that reads back as the page's address.
/// </summary>
public sealed partial class LinkPreviewTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private string PublicBase => service.Service.Services.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl.TrimEnd('/');

    [Theory]
    [InlineData("ko", "강제송환을 멈추십시오", "ko_KR")]
    [InlineData("zh", "停止强制遣返", "zh_CN")]
    [InlineData("lo", "ຢຸດການບັງຄັບສົ່ງກັບຄືນ", "lo_LA")]
    public async Task CampaignPage_LinkPreviewTags_AreInThePageLanguageWithAbsoluteUrls(string language, string title, string locale)
    {
        var html = await service.Client.GetStringAsync($"/c/{TestCampaigns.Delivery}?lang={language}");
        var all = Meta().Matches(html).Select(m => (Name: m.Groups[1].Value, Content: WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        var tags = all.Where(t => t.Name != "og:locale:alternate").ToDictionary(t => t.Name, t => t.Content);

        Assert.Equal(title, tags["og:title"]);
        Assert.Equal("website", tags["og:type"]);
        Assert.Equal(locale, tags["og:locale"]);
        Assert.Equal(3, all.Count(t => t.Name == "og:locale:alternate" && t.Content != locale));
        Assert.Equal($"{PublicBase}/c/{TestCampaigns.Delivery}?lang={language}", tags["og:url"]);
        Assert.StartsWith($"{PublicBase}/c/{TestCampaigns.Delivery}/preview.png?lang={language}&n=", tags["og:image"], StringComparison.Ordinal);
        Assert.Equal(("1200", "630"), (tags["og:image:width"], tags["og:image:height"]));
        Assert.Equal("summary_large_image", tags["twitter:card"]);
        Assert.Equal(tags["og:image"], tags["twitter:image"]);
        Assert.Matches(@"\d", tags["og:description"]); // the count, in the page's words
        // The image the tags name is there, at that address.
        var image = await service.Client.GetAsync(new Uri(tags["og:image"]).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task PreviewImage_Png_Is1200By630_AndRevalidatesWithItsETag()
    {
        var response = await service.Client.GetAsync($"/c/{TestCampaigns.Petition}/preview.png?lang=ko");
        var png = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var bitmap = SKBitmap.Decode(png))
        {
            Assert.NotNull(bitmap);
            Assert.Equal((1200, 630), (bitmap.Width, bitmap.Height));
        }
        Assert.Contains("public", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var tag = response.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/c/{TestCampaigns.Petition}/preview.png?lang=ko");
        again.Headers.IfNoneMatch.Add(tag);
        Assert.Equal(HttpStatusCode.NotModified, (await service.Client.SendAsync(again)).StatusCode);
        // Drawn once for the count: the same bytes again, not a new rendering.
        Assert.Equal(png, await service.Client.GetByteArrayAsync($"/c/{TestCampaigns.Petition}/preview.png?lang=ko"));
    }

    [Fact]
    public async Task PreviewImage_TheCountMoves_IsDrawnAgainUnderANewImageUrl()
    {
        var slug = TestCampaigns.Milestone;
        var before = await service.Client.GetByteArrayAsync($"/c/{slug}/preview.png");
        var beforeTag = ImageUrl(await service.Client.GetStringAsync($"/c/{slug}"));

        await service.SignAndConfirmAsync(slug, "preview-moves@supporters.example");
        await service.PublicCountIsCurrentAsync(slug);

        Assert.NotEqual(before, await service.Client.GetByteArrayAsync($"/c/{slug}/preview.png"));
        Assert.NotEqual(beforeTag, ImageUrl(await service.Client.GetStringAsync($"/c/{slug}")));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(987, 980)]
    [InlineData(12_345, 12_000)]
    [InlineData(1_049_999, 1_000_000)]
    public void Bucket_KeepsTheFirstTwoDigitsFromAHundredOn(long confirmed, long shown) => Assert.Equal(shown, PreviewImages.Bucket(confirmed));

    private static string ImageUrl(string html) => Meta().Matches(html).Single(m => m.Groups[1].Value == "og:image").Groups[2].Value;

    [Theory]
    [InlineData("preview.png")]
    [InlineData("qr.svg")]
    public async Task PreviewAndQr_ALanguageTheCampaignLacks_Is400NamingLang_AndADraftIs404(string file)
    {
        var response = await service.Client.GetAsync($"/c/{TestCampaigns.Petition}/{file}?lang=lo");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"lang\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync($"/c/{TestCampaigns.Draft}/{file}")).StatusCode);
    }

    [Theory]
    [InlineData("ko")]
    [InlineData("lo")]
    public async Task QrCode_Svg_ReadsBackAsThePageAddressInItsLanguage(string language)
    {
        var response = await service.Client.GetAsync($"/c/{TestCampaigns.Delivery}/qr.svg?lang={language}");
        var svg = await response.Content.ReadAsStringAsync();

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("style", svg, StringComparison.OrdinalIgnoreCase);
        // The dark modules the SVG draws, module by module, are those of a QR code of the page's public address:
        // the same data at the same error correction gives the same symbol, so any other URL would differ.
        using var expected = QRCodeGenerator.GenerateQrCode($"{PublicBase}/c/{TestCampaigns.Delivery}?lang={language}", QRCodeGenerator.ECCLevel.M);
        var size = expected.ModuleMatrix.Count;
        Assert.Contains($"viewBox=\"0 0 {size} {size}\"", svg, StringComparison.Ordinal);
        var drawn = new bool[size, size];
        foreach (Match run in Run().Matches(svg))
        {
            var (x, y, width) = (int.Parse(run.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(run.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(run.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
            for (var i = 0; i < width; i++) drawn[y, x + i] = true;
        }
        var differing = 0;
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                if (drawn[y, x] != expected.ModuleMatrix[y][x]) differing++;
        Assert.Equal(0, differing);
    }

    [GeneratedRegex("<meta (?:property|name)=\"([^\"]+)\" content=\"([^\"]*)\">")]
    private static partial Regex Meta();

    // SvgQRCode draws each row's runs of dark modules as "M{x} {y}h{width}v1h-{width}z".
    [GeneratedRegex(@"M(\d+) (\d+)h(\d+)v1h-\d+z")]
    private static partial Regex Run();
}
