using System.Net;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Pages;

/// <summary>The supporter pages over plain HTTP: what needs no browser to check.</summary>
public sealed partial class SupporterPagesTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task CampaignPage_Get_CarriesAPolicyThatForbidsInlineScriptAndStyle()
    {
        var response = await service.Client.GetAsync($"/c/{TestCampaigns.Letter}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CampaignPage_AcceptLanguageKorean_IsKoreanUnlessLangSaysOtherwise()
    {
        using var korean = new HttpRequestMessage(HttpMethod.Get, $"/c/{TestCampaigns.Letter}");
        korean.Headers.AcceptLanguage.ParseAdd("fr;q=0.9, ko-KR;q=0.8, en;q=0.1");
        var html = await (await service.Client.SendAsync(korean)).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"ko\">", html, StringComparison.Ordinal);
        Assert.Contains("안전하게 지나가게 해 주십시오", html, StringComparison.Ordinal);

        using var english = new HttpRequestMessage(HttpMethod.Get, $"/c/{TestCampaigns.Letter}?lang=en");
        english.Headers.AcceptLanguage.ParseAdd("ko");
        Assert.Contains("<html lang=\"en\">", await (await service.Client.SendAsync(english)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignForm_PostWithoutAntiforgeryToken_IsRefusedAndNothingIsSigned()
    {
        var response = await service.Client.PostAsync($"/c/{TestCampaigns.Letter}", new FormUrlEncodedContent(Fields("forged@example.org")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0L, await service.QueryScalarAsync<long>($"select count(*) from signatures where email_key = '{service.AddressKey("forged@example.org")}'"));
    }

    [Fact]
    public async Task SignForm_PostWithErrors_ShowsEachErrorInThePageLanguageAndKeepsWhatWasTyped()
    {
        using var browser = NewBrowser();
        var token = await FormTokenAsync(browser, $"/c/{TestCampaigns.Letter}?lang=ko");
        var fields = Fields("not-an-email", name: "<b>Ana</b>", language: "ko");
        fields.Remove("consent");
        fields["__af"] = token;

        var response = await browser.PostAsync($"/c/{TestCampaigns.Letter}", new FormUrlEncodedContent(fields));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<html lang=\"ko\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"f-email-error\">올바른 이메일 주소가 아닙니다.</p>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"f-consent-error\">서명하시려면 캠페인 약관에 동의해 주세요.</p>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&lt;b&gt;Ana&lt;/b&gt;\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"not-an-email\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Ana</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignForm_ValidPost_SaysCheckYourEmailAndKeepsTheLanguageForTheEmail()
    {
        using var browser = NewBrowser();
        var fields = Fields("form-signer@example.org", language: "ko");
        fields["__af"] = await FormTokenAsync(browser, $"/c/{TestCampaigns.Letter}?lang=ko");

        var response = await browser.PostAsync($"/c/{TestCampaigns.Letter}", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("이메일을 확인해 주세요", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("ko", await service.QueryScalarAsync<string>($"select locale from signatures where email_key = '{service.AddressKey("form-signer@example.org")}'"));
    }

    [Fact]
    public async Task SignForm_ClosedCampaign_Answers409WithoutAForm()
    {
        using var browser = NewBrowser();
        var token = await FormTokenAsync(browser, $"/c/{TestCampaigns.Letter}");
        var fields = Fields("late@example.org");
        fields["__af"] = token;

        var response = await browser.PostAsync($"/c/{TestCampaigns.Closed}", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.DoesNotContain("<form", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData($"/admin/c/{TestCampaigns.Letter}")]
    [InlineData("/admin/mail")]
    [InlineData("/hangfire")]
    public async Task AdminPages_WithoutTheKey_GiveNoData(string path)
    {
        var response = await service.Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.DoesNotContain(TestCampaigns.Letter, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPages_WithTheKey_ShowTheDashboard()
    {
        var html = await service.Admin.GetStringAsync("/admin");
        Assert.Contains(TestCampaigns.Letter, html, StringComparison.Ordinal);
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"15\">", html, StringComparison.Ordinal);
        Assert.Contains("<svg", await service.Admin.GetStringAsync($"/admin/c/{TestCampaigns.Letter}"), StringComparison.Ordinal);
    }

    private HttpClient NewBrowser() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = service.BaseAddress };

    private static async Task<string> FormTokenAsync(HttpClient browser, string path)
    {
        var html = await browser.GetStringAsync(path);
        return TokenField().Match(html).Groups[1].Value;
    }

    private static Dictionary<string, string> Fields(string email, string name = "Ana Kim", string language = "en") => new()
    {
        ["name"] = name, ["email"] = email, ["country"] = "KR", ["locale"] = language, ["consent"] = "true",
    };

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
