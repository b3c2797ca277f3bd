using System.Web;
using Campaign.Tests.Embed;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Campaign.BrowserTests;

/// <summary>The embed campaign's service, Chromium, and two partner pages: one on an allowed origin, one on a site the campaign does not list.</summary>
public class EmbedBrowserFixture : BrowserFixture, IAsyncLifetime
{
    public EmbedBrowserFixture() : this(new EmbedService())
    {
    }

    protected EmbedBrowserFixture(EmbedService service) : base(service)
    {
    }

    private PartnerSite? partner;
    private PartnerSite? stranger;

    public EmbedService Embed => (EmbedService)Service;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        string Src(string lang) => $"{Service.BaseAddress.GetLeftPart(UriPartial.Authority)}/embed/c/{EmbedService.Slug}?lang={lang}";
        partner = await PartnerSite.StartAsync(Embed.PartnerPort, Src);
        stranger = await PartnerSite.StartAsync(Embed.StrangerPort, Src);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (partner is not null) await partner.DisposeAsync();
        if (stranger is not null) await stranger.DisposeAsync();
        await DisposeAsync();
    }
}

/// <summary>
/// A supporter on a phone signs in the campaign's form embedded in a partner's page, in Korean, Chinese and Lao:
/// the form and its answer stay in the frame, the share step offers plain links with the campaign's text and
/// codes, and nothing is requested from any host but the partner's and ours. A site not listed gets no form.
/// </summary>
public sealed class EmbedJourneyTests(EmbedBrowserFixture browser, ITestOutputHelper output) : IClassFixture<EmbedBrowserFixture>
{
    private static readonly Dictionary<string, string> CheckEmail = new()
    {
        ["ko"] = "이메일을 확인해 주세요",
        ["zh"] = "请查收您的电子邮件",
        ["lo"] = "ກະລຸນາກວດເບິ່ງອີເມວຂອງທ່ານ",
    };

    private static readonly Dictionary<string, string> SignButton = new()
    {
        ["ko"] = "서명하기",
        ["zh"] = "签名",
        ["lo"] = "ລົງລາຍເຊັນ",
    };

    /// <summary>
    /// The phone's screen as the supporter sees it: a full-page shot would stretch the page past the window, and
    /// Chromium does not repaint another site's frame (another process) in time for it.
    /// </summary>
    private async Task ScreenshotAsync(IPage page, string name)
    {
        // Filling the form scrolled the partner's page down to the button; the answer is at the top of the frame.
        await page.EvaluateAsync("() => { window.scrollTo(0, 0); return document.fonts.ready; }");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name) });
        output.WriteLine($"screenshot: {Path.Combine(BrowserFixture.ScreenshotDirectory, name)}");
    }

    [Theory]
    [InlineData("ko", "ko-KR")]
    [InlineData("zh", "zh-CN")]
    [InlineData("lo", "lo-LA")]
    public async Task EmbeddedForm_OnAnAllowedPartnersPage_SignsInTheFrame_OffersTheShareStep_AndAsksNoOtherHost(string lang, string locale)
    {
        var ours = new[] { browser.Service.BaseAddress.Authority, $"localhost:{browser.Embed.PartnerPort}" };
        var requested = new List<string>();
        await using var context = await browser.NewContextAsync(locale, 360, 740);
        context.Request += (_, request) => requested.Add(request.Url);
        var page = await context.NewPageAsync();
        var partnerUrl = $"{browser.Embed.PartnerOrigin}/{lang}";
        var email = $"embed-{lang}@supporters.example";

        await page.GotoAsync(partnerUrl);
        var frame = page.FrameLocator("#campaign");
        Assert.Equal(EmbedService.Titles[lang], await frame.Locator("h1").InnerTextAsync());
        Assert.Equal(SignButton[lang], (await frame.Locator("form button[type=submit]").InnerTextAsync()).Trim());
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);
        await ScreenshotAsync(page, $"embed-form-{lang}-phone.png");

        await frame.Locator("#f-name").FillAsync("Kim Minji");
        await frame.Locator("#f-email").FillAsync(email);
        await frame.Locator("#f-country").SelectOptionAsync("KR");
        await frame.Locator("#f-consent").CheckAsync();
        await frame.Locator("form button[type=submit]").ClickAsync();

        // The answer is in the frame, in the page's language; the partner's page itself stayed where it was.
        await Assertions.Expect(frame.Locator("h1")).ToHaveTextAsync(CheckEmail[lang]);
        Assert.Equal(partnerUrl, page.Url);
        Assert.Equal("pending", await browser.Service.QueryScalarAsync<string>("select status from signatures where email_key = @key",
            new { key = browser.Service.AddressKey(email) }));
        Assert.Equal(lang, await browser.Service.QueryScalarAsync<string>("select locale from signatures where email_key = @key",
            new { key = browser.Service.AddressKey(email) }));

        // The share step: each channel's own share page, with the campaign's text and that channel's code.
        var campaignPage = $"{browser.Service.BaseAddress.GetLeftPart(UriPartial.Authority)}/c/{EmbedService.Slug}?lang={lang}";
        var text = EmbedService.ShareTexts[lang];
        var links = await frame.Locator("ul.share-links a").EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
        var byHost = links.Select(l => new Uri(l)).ToDictionary(u => u.Scheme == "mailto" ? "mailto" : u.Host);
        Assert.Equal(["mailto", "social-plugins.line.me", "t.me", "wa.me", "www.facebook.com", "x.com"], byHost.Keys.Order(StringComparer.Ordinal));
        Assert.Equal($"{text} {campaignPage}&ref=wa", Query(byHost["wa.me"], "text"));
        Assert.Equal($"{campaignPage}&ref=telegram", Query(byHost["t.me"], "url"));
        Assert.Equal(text, Query(byHost["t.me"], "text"));
        Assert.Equal("/share/url", byHost["t.me"].AbsolutePath);
        Assert.Equal($"{campaignPage}&ref=line", Query(byHost["social-plugins.line.me"], "url"));
        Assert.Equal("/lineit/share", byHost["social-plugins.line.me"].AbsolutePath);
        Assert.Equal(text, Query(byHost["x.com"], "text"));
        Assert.Equal($"{campaignPage}&ref=x", Query(byHost["x.com"], "url"));
        Assert.Equal("/intent/post", byHost["x.com"].AbsolutePath);
        Assert.Equal($"{campaignPage}&ref=facebook", Query(byHost["www.facebook.com"], "u"));
        Assert.Equal("/sharer/sharer.php", byHost["www.facebook.com"].AbsolutePath);
        Assert.Contains($"{campaignPage}&ref=mail", Uri.UnescapeDataString(byHost["mailto"].Query), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);
        await ScreenshotAsync(page, $"embed-signed-{lang}-phone.png");

        // Nothing so far went to any host but the partner's and ours: no font, script, pixel or share button of theirs.
        Assert.NotEmpty(requested);
        Assert.All(requested, url => Assert.Contains(new Uri(url).Authority, ours));

        // Pressed, a link opens that channel's page in a new tab (answered here by a stand-in: the test goes nowhere).
        await context.RouteAsync("https://wa.me/**", route => route.FulfillAsync(new RouteFulfillOptions { Body = "wa.me stand-in", ContentType = "text/plain" }));
        var popup = await page.RunAndWaitForPopupAsync(() => frame.Locator("a[data-channel=whatsapp]").ClickAsync());
        Assert.Equal("wa.me", new Uri(popup.Url).Host);
        Assert.Equal($"{text} {campaignPage}&ref=wa", Query(new Uri(popup.Url), "text"));
    }

    [Fact]
    public async Task EmbeddedForm_OnASiteTheCampaignDoesNotList_TheBrowserRefusesToShowIt()
    {
        await using var context = await browser.NewContextAsync("ko-KR", 360, 740);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        var embedAnswered = new TaskCompletionSource<IResponse>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/embed/c/", StringComparison.Ordinal)) embedAnswered.TrySetResult(response);
        };

        await page.GotoAsync($"{browser.Embed.StrangerOrigin}/ko");
        var answer = await embedAnswered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await page.WaitForLoadStateAsync(LoadState.Load);

        // The service answered, but with a policy that names only the campaign's partners, so Chromium shows nothing of it.
        Assert.Contains($"frame-ancestors {browser.Embed.PartnerOrigin} https://partner.example", (await answer.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        var frame = page.Frames.Single(f => f != page.MainFrame);
        Assert.False(frame.Url.Contains("/embed/c/", StringComparison.Ordinal) && await frame.Locator("form").CountAsync() > 0, "the refused frame shows the form");
        Assert.Equal(0, await page.FrameLocator("#campaign").Locator("#f-email").CountAsync());
        await ServiceFixtureWait(() => console.Any(m => m.Contains("frame-ancestors", StringComparison.Ordinal)), "Chromium's CSP error on the console");
        output.WriteLine(string.Join("\n", console));
        await ScreenshotAsync(page, "embed-refused-ko-phone.png");
    }

    [Fact]
    public async Task ShareStep_WhereTheBrowserCanShare_ShowsTheNativeButton_WhichSharesTheNativeCode()
    {
        await using var context = await browser.NewContextAsync("lo-LA", 360, 740);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/c/{EmbedService.Slug}/signed?lang=lo");
        // Headless Chromium on Linux has no share sheet: the button stays hidden.
        Assert.False(await page.IsVisibleAsync("button.native-share"));

        await context.AddInitScriptAsync("navigator.share = function (data) { window.sharedWith = data; return Promise.resolve(); };");
        await page.ReloadAsync();
        await page.ClickAsync("button.native-share");

        var shared = await page.EvaluateAsync<Dictionary<string, string>>("window.sharedWith");
        Assert.Equal("ແບ່ງປັນ…", (await page.InnerTextAsync("button.native-share")).Trim());
        Assert.Equal(EmbedService.ShareTexts["lo"], shared["text"]);
        Assert.EndsWith($"/c/{EmbedService.Slug}?lang=lo&ref=native", shared["url"], StringComparison.Ordinal);
        await ScreenshotAsync(page, "share-step-lo-phone.png");
    }

    private static string? Query(Uri uri, string name) => HttpUtility.ParseQueryString(uri.Query)[name];

    private static Task ServiceFixtureWait(Func<bool> condition, string what) =>
        Campaign.Tests.Infrastructure.ServiceFixture.EventuallyAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(10), what);
}
