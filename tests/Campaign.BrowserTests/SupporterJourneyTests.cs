using Campaign.Tests.Infrastructure;

namespace Campaign.BrowserTests;

/// <summary>A supporter on a phone, in Korean, from the campaign page to the confirmed signature.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SupporterJourneyTests(BrowserFixture browser)
{
    private const string CampaignPath = $"/c/{TestCampaigns.Letter}";

    [Fact]
    public async Task Sign_KoreanPhone_ChecksEmailThenConfirmsFromTheLink()
    {
        await using var context = await browser.NewContextAsync("ko-KR", 360, 740);
        var page = await context.NewPageAsync();

        await page.GotoAsync(CampaignPath);
        Assert.Equal("ko", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("안전하게 지나가게 해 주십시오", await page.InnerTextAsync("h1"));
        // Nothing wider than the phone: no sideways scrolling.
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);
        await BrowserFixture.ScreenshotAsync(page, "campaign-ko-phone.png");

        await page.FillAsync("#f-name", "김민지");
        await page.FillAsync("#f-email", "minji@example.org");
        await page.SelectOptionAsync("#f-country", "KR");
        await page.CheckAsync("#f-consent");
        // Before signing, the page says what the ministries will see for each choice.
        Assert.False(await page.IsCheckedAsync("#f-share"));
        Assert.Contains("“이 캠페인의 한 지지자”만 보게 됩니다", await page.InnerTextAsync("#f-share-hint"), StringComparison.Ordinal);
        Assert.Contains("절대 공개되지 않습니다", await page.InnerTextAsync("#f-replies-hint"), StringComparison.Ordinal);
        await page.CheckAsync("#f-share");
        await page.ClickAsync("form button[type=submit]");

        Assert.Equal("이메일을 확인해 주세요", await page.InnerTextAsync("h1"));
        await BrowserFixture.ScreenshotAsync(page, "check-email-ko-phone.png");

        // The link exactly as the email gives it.
        var mail = TestMailbox.Parse(await browser.Service.Mailbox.WaitForAsync(m => m.Recipients.Contains("minji@example.org"), TimeSpan.FromSeconds(15)));
        var link = mail.TextBody!.Split(['\n', ' ', '(', ')', '<', '>'], StringSplitOptions.RemoveEmptyEntries).First(w => w.Contains("/confirm/", StringComparison.Ordinal));
        await page.GotoAsync(link);
        Assert.Equal("서명 확인", await page.InnerTextAsync("h1"));
        await page.ClickAsync("form button[type=submit]");

        Assert.Equal("감사합니다. 서명이 확인되었습니다.", await page.InnerTextAsync("h1"));
        Assert.Contains("명이 서명했습니다", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        Assert.Contains(CampaignPath, await page.GetAttributeAsync("a.share", "href"), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "confirmed-ko-phone.png");
        Assert.Equal("confirmed", await browser.Service.QueryScalarAsync<string>($"select status from signatures where email_key = '{browser.Service.AddressKey("minji@example.org")}'"));
        Assert.True(await browser.Service.QueryScalarAsync<bool>($"select share from signatures where email_key = '{browser.Service.AddressKey("minji@example.org")}'"));
    }

    [Fact]
    public async Task Sign_WithErrors_ShowsThemInKoreanNextToTheFieldsAndKeepsWhatWasTyped()
    {
        await using var context = await browser.NewContextAsync("ko-KR", 360, 740);
        var page = await context.NewPageAsync();
        await page.GotoAsync(CampaignPath);

        await page.FillAsync("#f-name", "박서준");
        await page.FillAsync("#f-email", "seojun@");
        await page.FillAsync("#f-comment", "꼭 전해 주세요");
        await page.ClickAsync("form button[type=submit]");

        Assert.Equal("올바른 이메일 주소가 아닙니다.", await page.InnerTextAsync("#f-email-error"));
        Assert.Equal("국가를 선택해 주세요.", await page.InnerTextAsync("#f-country-error"));
        Assert.Equal("서명하시려면 캠페인 약관에 동의해 주세요.", await page.InnerTextAsync("#f-consent-error"));
        Assert.Equal("박서준", await page.InputValueAsync("#f-name"));
        Assert.Equal("seojun@", await page.InputValueAsync("#f-email"));
        Assert.Equal("꼭 전해 주세요", await page.InputValueAsync("#f-comment"));
        await BrowserFixture.ScreenshotAsync(page, "errors-ko-phone.png");
    }

    [Fact]
    public async Task XssName_ShowsAsTextOnTheCampaignAndAdminPages_AndNoScriptRuns()
    {
        const string name = "<script>alert(1)</script>";
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };

        await page.GotoAsync($"{CampaignPath}?lang=en");
        await page.FillAsync("#f-name", name);
        await page.ClickAsync("form button[type=submit]"); // errors: the name comes back in the form
        Assert.Equal(name, await page.InputValueAsync("#f-name"));

        await page.FillAsync("#f-email", "xss@example.org");
        await page.SelectOptionAsync("#f-country", "FR");
        await page.CheckAsync("#f-consent");
        await page.ClickAsync("form button[type=submit]");
        Assert.Equal("Check your email", await page.InnerTextAsync("h1"));

        await AdminSession.LogInAsync(page);
        await page.GotoAsync($"/admin/c/{TestCampaigns.Letter}");
        Assert.Contains(name, await page.Locator("td.signer").AllInnerTextsAsync());
        await BrowserFixture.ScreenshotAsync(page, "admin-campaign-xss.png");

        Assert.Equal(0, dialogs);
        Assert.Equal(0, await page.Locator("script").CountAsync());
    }
}
