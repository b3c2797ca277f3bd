using System.Collections.Concurrent;
using Campaign.Service.Numbers;
using Campaign.Tests.Infrastructure;
using Microsoft.Playwright;
using SkiaSharp;

namespace Campaign.BrowserTests;

/// <summary>
/// The numbers and the link preview as a supporter's phone shows them (issue 17, "Done when"): the campaign page's
/// progress, milestones and charts in Korean, Chinese and Lao, with no request to any host but ours; the preview
/// image in Chromium, its Korean, Chinese and Lao title drawn as letters, not boxes (screenshots in
/// bin/.../screenshots).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NumbersJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("ko", TestCampaigns.Petition)]
    [InlineData("zh", TestCampaigns.Delivery)]
    [InlineData("lo", TestCampaigns.Delivery)]
    public async Task CampaignPage_Phone_ShowsProgressAndChartsAndAsksOnlyOurOwnHost(string language, string slug)
    {
        for (var i = 0; i < 2; i++) await browser.Service.SignAndConfirmAsync(slug, $"numbers-{language}-{i}@supporters.example", country: "KR");
        await browser.Service.PublicCountIsCurrentAsync(slug);
        await using var context = await browser.NewContextAsync($"{language}-XX", 360, 740);
        var page = await context.NewPageAsync();
        var requested = new ConcurrentBag<string>();
        page.Request += (_, request) => requested.Add(request.Url);

        await page.GotoAsync($"/c/{slug}?lang={language}", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        // The timeline is shared and recounted once a minute: another test may have read it before these signatures.
        await ServiceFixture.EventuallyAsync(async () =>
        {
            if (await page.Locator("#numbers svg.chart").CountAsync() == 2) return true;
            await page.WaitForTimeoutAsync(2000);
            await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.NetworkIdle });
            return false;
        }, TimeSpan.FromSeconds(90), "the page's charts to show the new signatures");

        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        Assert.True(await page.IsVisibleAsync("#numbers"));
        Assert.Equal(2, await page.Locator("#numbers svg.chart").CountAsync());
        var hourBars = await page.Locator("#numbers svg.chart").First.Locator("rect").CountAsync();
        Assert.True(hourBars >= 1, "this hour's confirmations are a bar");
        Assert.True(await page.Locator("#numbers svg.chart").First.BoundingBoxAsync() is { Width: > 200, Height: > 50 });
        if (slug == TestCampaigns.Petition)
        {
            // Goal 100, milestones 10 and 100: a bar towards the goal and what is still to go.
            Assert.True(await page.IsVisibleAsync("p.progress progress"));
            Assert.True(await page.IsVisibleAsync("#numbers .milestones [data-milestone='100']"));
        }
        Assert.True(await page.EvaluateAsync<bool>("document.querySelector('.qr img').naturalWidth > 0"), "the QR code loaded");
        // Nothing wider than the phone: no sideways scrolling.
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);
        await page.Locator("#numbers").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, $"numbers-{language}-phone.png");

        var ours = browser.Service.BaseAddress;
        Assert.NotEmpty(requested);
        Assert.All(requested, url => Assert.True(new Uri(url) is var u && u.Host == ours.Host && u.Port == ours.Port, $"a request to another host: {url}"));
    }

    [Theory]
    [InlineData("ko", "강제송환을 멈추십시오", "DejaVu Sans")]
    [InlineData("zh", "停止强制遣返", "DejaVu Sans")]
    [InlineData("lo", "ຢຸດການບັງຄັບສົ່ງກັບຄືນ", "Noto Sans CJK KR")]
    public async Task PreviewImage_InChromium_DrawsTheTitleInLettersNotBoxes(string language, string title, string fontWithoutTheScript)
    {
        await using var context = await browser.NewContextAsync($"{language}-XX", PreviewImage.Width, PreviewImage.Height);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync($"/c/{TestCampaigns.Delivery}/preview.png?lang={language}");
        Assert.NotNull(response);
        Assert.Equal("image/png", await response.HeaderValueAsync("content-type"));
        Assert.Equal(PreviewImage.Width, await page.EvaluateAsync<int>("document.images[0].naturalWidth"));
        Assert.Equal(PreviewImage.Height, await page.EvaluateAsync<int>("document.images[0].naturalHeight"));
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"preview-{language}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });

        // What Chromium showed is the image we served, and its title is not what a font without the script draws.
        using var shown = SKBitmap.Decode(path);
        using var served = SKBitmap.Decode(await response.BodyAsync());
        using var boxes = SKBitmap.Decode(PreviewImage.Render(PreviewFonts.Installed([fontWithoutTheScript])!, title, "", null, ""));
        var ink = Dark(shown);
        Assert.True(ink > 1000, $"the title has ink ({ink} dark pixels)");
        Assert.True(Differing(shown, served) < ink / 20, "the screenshot is the served image");
        Assert.True(Differing(shown, boxes) > ink / 4, $"the title is drawn unlike {fontWithoutTheScript}'s boxes");
    }

    private static int Dark(SKBitmap bitmap) => Title(bitmap).Count(p => p.Red < 128);

    private static int Differing(SKBitmap a, SKBitmap b) => Title(a).Zip(Title(b)).Count(p => Math.Abs(p.First.Red - p.Second.Red) > 64);

    private static IEnumerable<SKColor> Title(SKBitmap bitmap)
    {
        var area = PreviewImage.TitleArea;
        for (var y = area.Top; y < area.Bottom; y++)
            for (var x = area.Left; x < area.Right; x++)
                yield return bitmap.GetPixel(x, y);
    }
}
