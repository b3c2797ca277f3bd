using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Core.Campaigns;
using Campaign.Service.Pages;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Service;

/// <summary>
/// Public counts under surge (issue 14, point 2), as a browser or a shared cache sees them: the JSON and the list
/// of campaigns may be kept a second and revalidated with their ETag; the campaign page, which carries the
/// visitor's own form token, is never kept; and a confirmation shows in every count about a second later.
/// </summary>
public sealed partial class PublicCountCachingTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    public static TheoryData<string> CachedRoutes =>
        ["/api/campaigns", $"/api/campaigns/{TestCampaigns.Petition}", $"/api/campaigns/{TestCampaigns.Petition}?lang=ko", "/", "/?lang=ko"];

    [Theory]
    [MemberData(nameof(CachedRoutes))]
    public async Task Get_AskedAgainWithItsETag_Answers304WithNoBody(string route)
    {
        var first = await service.Client.GetAsync(route);
        using var again = new HttpRequestMessage(HttpMethod.Get, route);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var response = await service.Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
        Assert.Equal("public, max-age=1, stale-while-revalidate=30", RawCacheControl(response));
    }

    [Theory]
    [MemberData(nameof(CachedRoutes))]
    public async Task Get_AFreshLook_IsPublicForASecondAndStaleWhileRevalidating(string route)
    {
        var response = await service.Client.GetAsync(route);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=1, stale-while-revalidate=30", RawCacheControl(response));
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task CampaignDetail_InAnotherLanguage_HasAnotherETagAndSaysItVariesByLanguage()
    {
        var english = await GetWithLanguageAsync($"/api/campaigns/{TestCampaigns.Petition}", "en");
        var korean = await GetWithLanguageAsync($"/api/campaigns/{TestCampaigns.Petition}", "ko");

        Assert.NotEqual(english.Headers.ETag, korean.Headers.ETag);
        Assert.Contains("Accept-Language", english.Headers.Vary);
        Assert.Equal("청원입니다.", (await korean.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Get_WithAnETagOfSomethingElse_AnswersInFull()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/campaigns/{TestCampaigns.Petition}");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"not-this-one\""));

        var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestCampaigns.Petition, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString());
    }

    [Fact]
    public async Task CampaignPage_CarriesTheVisitorsOwnFormToken_SoNoCacheKeepsItAndItHasNoETag()
    {
        using var otherVisitor = new HttpClient { BaseAddress = service.BaseAddress };
        var mine = await service.Client.GetAsync($"/c/{TestCampaigns.Petition}");
        var theirs = await otherVisitor.GetAsync($"/c/{TestCampaigns.Petition}");

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.True(mine.Headers.CacheControl?.NoStore, "antiforgery marks a page with a form token no-store");
        Assert.False(mine.Headers.CacheControl?.Public);
        Assert.Null(mine.Headers.ETag);
        Assert.NotEqual(FormToken(await mine.Content.ReadAsStringAsync()), FormToken(await theirs.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Confirmation_ShowsInTheApiAndOnThePageWithinAboutASecond_AndTheOldETagGetsTheNewAnswer()
    {
        var route = $"/api/campaigns/{TestCampaigns.Petition}";
        var before = await service.Client.GetAsync(route);
        var count = (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("signatures").GetInt64();
        Assert.Equal(count, await PageCountAsync());

        await service.SignAndConfirmAsync(TestCampaigns.Petition, "moved@count.example");

        await ServiceFixture.EventuallyAsync(async () => await ApiCountAsync() == count + 1, Soon, "the API's count moved");
        await ServiceFixture.EventuallyAsync(async () => await PageCountAsync() == count + 1, Soon, "the page's count moved");
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, route);
        revalidate.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        var after = await service.Client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(count + 1, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("signatures").GetInt64());

        async Task<long> ApiCountAsync() => (await service.Client.GetFromJsonAsync<JsonElement>(route)).GetProperty("signatures").GetInt64();
    }

    [Fact]
    public void PageParts_ManyViewsAtOneCount_RenderOnceAndAgainOnlyWhenTheCountOrLanguageMoves()
    {
        var campaign = service.Service.Services.GetRequiredService<CampaignCatalog>().Find(TestCampaigns.Letter)!;
        var parts = new CampaignPageParts();
        var renderings = 0;
        string Render(string what)
        {
            Interlocked.Increment(ref renderings);
            return what;
        }

        var views = Enumerable.Range(0, 64).AsParallel().Select(_ => parts.For(campaign, "en", 41, () => Render("41 en"))).ToList();
        var moved = parts.For(campaign, "en", 42, () => Render("42 en"));
        var korean = parts.For(campaign, "ko", 42, () => Render("42 ko"));
        var sameAgain = parts.For(campaign, "en", 42, () => Render("42 en, twice"));

        Assert.All(views, v => Assert.Equal("41 en", v));
        Assert.Equal(("42 en", "42 ko", "42 en"), (moved, korean, sameAgain));
        Assert.Equal(3, renderings);
    }

    private async Task<long> PageCountAsync()
    {
        var html = await service.Client.GetStringAsync($"/c/{TestCampaigns.Petition}");
        return long.Parse(ProgressValue().Match(html).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<HttpResponseMessage> GetWithLanguageAsync(string route, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await service.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static string RawCacheControl(HttpResponseMessage response) => response.Headers.NonValidated["Cache-Control"].ToString();

    private static string FormToken(string html) => FormTokenField().Match(html).Groups[1].Value;

    [GeneratedRegex("<progress max=\"\\d+\" value=\"(\\d+)\"")]
    private static partial Regex ProgressValue();

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenField();
}
