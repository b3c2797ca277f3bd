using Campaign.Tests.Abuse;
using Campaign.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Campaign.BrowserTests;

/// <summary>Chromium on loopback with a challenge threshold of one signature an hour per client.</summary>
public sealed class ChallengeBrowserFixture() : BrowserFixture(new OneSignatureAnHour())
{
    private sealed class OneSignatureAnHour : ChallengedService
    {
        protected override int ClientPerHour => 1;
    }
}

/// <summary>
/// The proof of work as a supporter meets it on a phone: not asked for, the form signs without script; asked for,
/// the page's own script solves it (in Korean, Chinese and Lao the page says so), and no request leaves our origin.
/// </summary>
public sealed class ChallengeJourneyTests(ChallengeBrowserFixture browser) : IClassFixture<ChallengeBrowserFixture>
{
    private const string CampaignPath = $"/c/{TestCampaigns.Delivery}";

    [Fact]
    public async Task Sign_WithoutScriptFirst_ThenPastTheThreshold_TheScriptSolvesTheCheckAndSignsAgain_AllOnOurOrigin()
    {
        var origin = browser.Service.BaseAddress.GetLeftPart(UriPartial.Authority);
        var requested = new List<string>();
        // Opened before the threshold is reached: the form carries no challenge yet.
        await using var early = await browser.NewContextAsync("lo-LA", 360, 740);
        early.Request += (_, request) => requested.Add(request.Url);
        var earlyPage = await early.NewPageAsync();
        await earlyPage.GotoAsync(CampaignPath);
        Assert.Equal(0, await earlyPage.Locator("[data-challenge]").CountAsync());

        // Without script, below the threshold: signing works.
        await using var noScript = await browser.NewContextAsync("ko-KR", 360, 740, javaScript: false);
        noScript.Request += (_, request) => requested.Add(request.Url);
        var plain = await noScript.NewPageAsync();
        await plain.GotoAsync(CampaignPath);
        await FillAsync(plain, "noscript@example.org");
        await plain.ClickAsync("form button[type=submit]");
        Assert.Equal("이메일을 확인해 주세요", await plain.InnerTextAsync("h1"));

        // Now over it. The early page posts without a solution, is asked for one, and its script solves it and signs.
        await FillAsync(earlyPage, "script@example.org");
        await earlyPage.ClickAsync("form button[type=submit]");
        await earlyPage.WaitForURLAsync("**/signed?lang=lo", new PageWaitForURLOptions { Timeout = 30_000 });
        Assert.Equal("ກະລຸນາກວດເບິ່ງອີເມວຂອງທ່ານ", await earlyPage.InnerTextAsync("h1"));
        await BrowserFixture.ScreenshotAsync(earlyPage, "challenge-solved-lo-phone.png");

        // A fresh page over the threshold: the check runs as the page opens, then the supporter signs.
        await using var later = await browser.NewContextAsync("zh-CN", 360, 740);
        later.Request += (_, request) => requested.Add(request.Url);
        var laterPage = await later.NewPageAsync();
        await laterPage.GotoAsync(CampaignPath);
        await laterPage.WaitForSelectorAsync("form button[type=submit]:enabled");
        Assert.Equal("验证完成，您现在可以签名了。", await laterPage.InnerTextAsync("[data-status]"));
        await BrowserFixture.ScreenshotAsync(laterPage, "challenge-done-zh-phone.png");
        await FillAsync(laterPage, "later@example.org");
        await laterPage.ClickAsync("form button[type=submit]");
        Assert.Equal("请查收您的电子邮件", await laterPage.InnerTextAsync("h1"));

        // Without script over the threshold: the page says why signing needs it just now.
        await plain.GotoAsync(CampaignPath);
        Assert.Contains("JavaScript를 허용해 주세요", await plain.InnerTextAsync("[data-status]"), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(plain, "challenge-noscript-ko-phone.png");

        foreach (var email in new[] { "noscript@example.org", "script@example.org", "later@example.org" })
            Assert.Equal(1L, await browser.Service.QueryScalarAsync<long>("select count(*) from signatures where email_key = @key", new { key = browser.Service.AddressKey(email) }));
        Assert.NotEmpty(requested);
        Assert.All(requested, url => Assert.StartsWith(origin + "/", url, StringComparison.Ordinal));
    }

    private static async Task FillAsync(IPage page, string email)
    {
        await page.FillAsync("#f-name", "Ana Kim");
        await page.FillAsync("#f-email", email);
        await page.SelectOptionAsync("#f-country", "KR");
        await page.CheckAsync("#f-consent");
    }
}
