using Campaign.Tests.Embed;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Campaign.BrowserTests;

/// <summary>The embed's partner pages, with the service asking a proof of work from a client's second signature.</summary>
public sealed class ChallengedEmbedBrowserFixture() : EmbedBrowserFixture(new ChallengedEmbedService());

/// <summary>
/// In a partner's frame, where the browser keeps our cookies from us, the proof of work still works: the frame's
/// own script (from our origin) solves it and signs, and the answer stays in the frame.
/// </summary>
public sealed class EmbedChallengeJourneyTests(ChallengedEmbedBrowserFixture browser, ITestOutputHelper output) : IClassFixture<ChallengedEmbedBrowserFixture>
{
    [Fact]
    public async Task EmbeddedForm_PastTheChallengeThreshold_ItsScriptSolvesTheCheckInTheFrameAndSigns()
    {
        var ours = new[] { browser.Service.BaseAddress.Authority, $"localhost:{browser.Embed.PartnerPort}" };
        var requested = new List<string>();
        await using var context = await browser.NewContextAsync("zh-CN", 360, 740);
        context.Request += (_, request) => requested.Add(request.Url);
        var page = await context.NewPageAsync();
        var frame = page.FrameLocator("#campaign");

        // The first signature asks for nothing.
        await page.GotoAsync($"{browser.Embed.PartnerOrigin}/zh");
        Assert.Equal(0, await frame.Locator("[data-challenge]").CountAsync());
        await SignAsync(frame, "first-framed@supporters.example");

        // The next form carries a challenge; the frame's script solves it before the supporter signs.
        await page.GotoAsync($"{browser.Embed.PartnerOrigin}/zh");
        await Assertions.Expect(frame.Locator("[data-status]")).ToHaveTextAsync("验证完成，您现在可以签名了。", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await SignAsync(frame, "second-framed@supporters.example");

        foreach (var email in new[] { "first-framed@supporters.example", "second-framed@supporters.example" })
            Assert.Equal("pending", await browser.Service.QueryScalarAsync<string>("select status from signatures where email_key = @key", new { key = browser.Service.AddressKey(email) }));
        Assert.All(requested, url => Assert.Contains(new Uri(url).Authority, ours));
        await page.EvaluateAsync("() => { window.scrollTo(0, 0); return document.fonts.ready; }");
        var shot = Path.Combine(BrowserFixture.ScreenshotDirectory, "embed-challenge-signed-zh-phone.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
        output.WriteLine($"screenshot: {shot}");
    }

    private static async Task SignAsync(IFrameLocator frame, string email)
    {
        await frame.Locator("#f-name").FillAsync("Li Wei");
        await frame.Locator("#f-email").FillAsync(email);
        await frame.Locator("#f-country").SelectOptionAsync("KR");
        await frame.Locator("#f-consent").CheckAsync();
        await frame.Locator("form button[type=submit]").ClickAsync();
        await Assertions.Expect(frame.Locator("h1")).ToHaveTextAsync("请查收您的电子邮件");
    }
}
