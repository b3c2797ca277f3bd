using System.Net;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Disclosure;

/// <summary>
/// The sign page says, before signing, what the targets will see for each choice; the two choices are
/// stored as made, and only a ticked box (or nothing) is accepted for them.
/// </summary>
public sealed partial class SignFormChoicesTests(DisclosureFixture service) : IClassFixture<DisclosureFixture>
{
    [Fact]
    public async Task CampaignPage_LetterThatForbidsReplies_SaysWhatTheTargetsSeeAndOffersNoRepliesBox()
    {
        var html = await service.Client.GetStringAsync($"/c/{TestCampaigns.Letter}?lang=en");

        Assert.Matches("<input id=\"f-share\" name=\"share\" type=\"checkbox\" value=\"true\" aria-describedby=\"f-share-hint\">", html);
        Assert.Contains("<label for=\"f-share\">Sign with my name and country</label>", html, StringComparison.Ordinal);
        Assert.Contains("If you tick this, First Ministry, Second Ministry will see your name and country; if not, they will see only “A supporter of this campaign”.", html, StringComparison.Ordinal);
        Assert.Contains("Your email address is never shown to First Ministry, Second Ministry.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"replies\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CampaignPage_LetterThatAllowsReplies_OffersTheRepliesBoxWithWhatItMeans()
    {
        var html = await service.Client.GetStringAsync($"/c/{DisclosureFixture.Replies}");

        Assert.Contains("name=\"replies\" type=\"checkbox\" value=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("Let the targets reply to me by email", html, StringComparison.Ordinal);
        Assert.Contains("If you tick this, replies from The Rapporteur will reach your email address; if not, your email address is never shown to them.", html, StringComparison.Ordinal);
        Assert.Contains("they will see only “Someone who cares”", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CampaignPage_Korean_SaysItInKoreanWithTheKoreanSignature()
    {
        var html = await service.Client.GetStringAsync($"/c/{TestCampaigns.Letter}?lang=ko");

        Assert.Contains("제 이름과 국가로 서명합니다", html, StringComparison.Ordinal);
        Assert.Contains("“이 캠페인의 한 지지자”만 보게 됩니다", html, StringComparison.Ordinal);
        Assert.Contains("회원님의 이메일 주소는 First Ministry, Second Ministry에 절대 공개되지 않습니다.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CampaignPage_Petition_SaysTheNameGoesWithThePetitionOnlyIfTicked()
    {
        var html = await service.Client.GetStringAsync($"/c/{TestCampaigns.Petition}?lang=en");

        Assert.Contains("If you tick this, Ministry of Foreign Affairs will receive your name and country with the petition; if not, you are only counted.", html, StringComparison.Ordinal);
        Assert.Contains("Your email address is never shown to Ministry of Foreign Affairs.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("share", "banana")]
    [InlineData("share", "1")]
    [InlineData("replies", "false")]
    public async Task SignForm_ChoiceThatIsNotATickedBox_Answers400AtThatFieldAndStoresNothing(string field, string value)
    {
        using var browser = NewBrowser();
        var email = $"choice-{field}-{value}@example.org";
        var fields = Fields(email);
        fields[field] = value;
        fields["__af"] = await FormTokenAsync(browser, $"/c/{DisclosureFixture.Replies}");

        var response = await browser.PostAsync($"/c/{DisclosureFixture.Replies}", new FormUrlEncodedContent(fields));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"id=\"f-{field}-error\">Please tick this box or leave it empty.</p>", html, StringComparison.Ordinal);
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = @key", new { key = service.AddressKey(email) }));
    }

    [Theory]
    [InlineData(null, null, false, false)]
    [InlineData("on", null, true, false)]
    [InlineData(null, "true", false, true)]
    [InlineData("true", "on", true, true)]
    public async Task SignForm_Choices_AreStoredAsTicked(string? share, string? replies, bool shared, bool repliesAllowed)
    {
        using var browser = NewBrowser();
        var email = $"ticked-{share}-{replies}@example.org";
        var fields = Fields(email);
        if (share is not null) fields["share"] = share;
        if (replies is not null) fields["replies"] = replies;
        fields["__af"] = await FormTokenAsync(browser, $"/c/{DisclosureFixture.Replies}");

        var response = await browser.PostAsync($"/c/{DisclosureFixture.Replies}", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(shared, await service.QueryScalarAsync<bool>("select share from signatures where email_key = @key", new { key = service.AddressKey(email) }));
        Assert.Equal(repliesAllowed, await service.QueryScalarAsync<bool>("select replies from signatures where email_key = @key", new { key = service.AddressKey(email) }));
    }

    [Fact]
    public async Task SignApi_Replies_IsStoredAndDefaultsToFalse()
    {
        await service.SignAsync(DisclosureFixture.Replies, ServiceFixture.Signer("api-replies@example.org", replies: true));
        await service.SignAsync(DisclosureFixture.Replies, new { name = "Ana", email = "api-default@example.org", country = "KR", consent = true });

        Assert.True(await service.QueryScalarAsync<bool>($"select replies from signatures where email_key = '{service.AddressKey("api-replies@example.org")}'"));
        Assert.False(await service.QueryScalarAsync<bool>($"select replies from signatures where email_key = '{service.AddressKey("api-default@example.org")}'"));
        Assert.False(await service.QueryScalarAsync<bool>($"select share from signatures where email_key = '{service.AddressKey("api-default@example.org")}'"));
    }

    [Theory]
    [InlineData("![](https://t.example/p.png)")]
    [InlineData("[UNHCR](https://phish.example)")]
    [InlineData("<img src=x onerror=alert(1)>")]
    public async Task SignForm_TypedNameWithMarkup_IsShownBackAsText(string name)
    {
        using var browser = NewBrowser();
        var fields = Fields("markup-page@example.org", name);
        fields.Remove("consent");
        fields["__af"] = await FormTokenAsync(browser, $"/c/{DisclosureFixture.Replies}");

        var response = await browser.PostAsync($"/c/{DisclosureFixture.Replies}", new FormUrlEncodedContent(fields));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"value=\"{System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(name)}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"https://phish", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"https://t.example", html, StringComparison.Ordinal);
    }

    private HttpClient NewBrowser() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = service.BaseAddress };

    private static async Task<string> FormTokenAsync(HttpClient browser, string path) =>
        TokenField().Match(await browser.GetStringAsync(path)).Groups[1].Value;

    private static Dictionary<string, string> Fields(string email, string name = "Ana Kim") => new()
    {
        ["name"] = name, ["email"] = email, ["country"] = "KR", ["locale"] = "en", ["consent"] = "true",
    };

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
