using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Abuse;

/// <summary>
/// Signing, confirming and erasure are limited per client (an address, an IPv6 /64) and, looser, per network (/24,
/// /48), as clients behind a known proxy: past a limit the API answers 429 with Retry-After and a problem document
/// naming the limit, the pages a page in their language.
/// </summary>
public sealed class SigningLimitTests(ProxiedService service) : IClassFixture<ProxiedService>
{
    [Fact]
    public async Task Sign_BurstFromOneClient_Answers429WhileAnotherClientStillSigns()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await service.SignFromAsync("203.0.113.7", $"burst{i}@example.org")).StatusCode);
        var limited = await service.SignFromAsync("203.0.113.7", "burst9@example.org");
        var neighbour = await service.SignFromAsync("198.51.100.9", "neighbour@example.org");

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(600, limited.RetryAfterSeconds());
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("The signing limit is reached.", problem.GetProperty("title").GetString());
        Assert.Equal("RateLimits:Signing:Burst", problem.GetProperty("limit").GetString());
        Assert.Equal(HttpStatusCode.Accepted, neighbour.StatusCode);
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = @key", new { key = service.AddressKey("burst9@example.org") }));
    }

    [Fact]
    public async Task SignPage_FromALimitedClient_AnswersAPageInItsLanguage()
    {
        for (var i = 0; i < 3; i++) await service.SignFromAsync("10.20.0.80", $"page{i}@example.org");

        var page = await service.Client.SendAsync(ProxiedRequests.From("10.20.0.80", new HttpRequestMessage(HttpMethod.Post, $"/c/{TestCampaigns.Petition}?lang=ko")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "page9@example.org" }),
        }));

        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.True(page.RetryAfterSeconds() > 0);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"ko\">", html, StringComparison.Ordinal);
        Assert.Contains("잠시 기다려 주세요", html, StringComparison.Ordinal);
        Assert.Contains("10분", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_AddressesInOneIpv6Slash64_ShareOneClientLimit()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
            statuses.Add((await service.SignFromAsync($"2001:db8:64:1:{i:x}::{i:x}", $"six{i}@example.org")).StatusCode);
        var otherSlash64 = await service.SignFromAsync("2001:db8:64:2::1", "six-other@example.org");

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Accepted, otherSlash64.StatusCode);
    }

    [Fact]
    public async Task Sign_ManySlash64sInOneSlash48_HitTheNetworkLimit()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++)
            statuses.Add((await service.SignFromAsync($"2001:db8:48:{i:x}::1", $"net{i}@example.org")).StatusCode);
        var limited = await service.SignFromAsync("2001:db8:48:ff::1", "net9@example.org");
        var otherSlash48 = await service.SignFromAsync("2001:db8:49:1::1", "net-other@example.org");

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, 5).Append(HttpStatusCode.TooManyRequests), statuses);
        Assert.Equal("RateLimits:Signing:NetworkBurst", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limit").GetString());
        Assert.True(limited.RetryAfterSeconds() > 0);
        Assert.Equal(HttpStatusCode.Accepted, otherSlash48.StatusCode);
    }

    [Fact]
    public async Task Confirm_PastItsLimit_Answers429AndSigningIsCountedApart()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await service.Client.SendAsync(ProxiedRequests.From("10.30.0.33", new HttpRequestMessage(HttpMethod.Post, "/api/confirmations")
            {
                Content = JsonContent.Create(new { token = $"not-a-token-{i}" }),
            }))).StatusCode);
        }
        var page = await service.Client.SendAsync(ProxiedRequests.From("10.30.0.33", new HttpRequestMessage(HttpMethod.Post, "/confirm/not-a-token?lang=zh")));
        var signs = await service.SignFromAsync("10.30.0.33", "confirmer@example.org");

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("请稍候", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, signs.StatusCode);
    }

    [Fact]
    public async Task Erase_RefusedThenWaitingRetryAfter_IsLetThroughAgain()
    {
        HttpRequestMessage Erase() => ProxiedRequests.From("10.40.0.77", new HttpRequestMessage(HttpMethod.Post, "/erase/not-a-token?lang=lo"));

        var first = await service.Client.SendAsync(Erase());
        var refused = await service.Client.SendAsync(Erase());
        await Task.Delay(TimeSpan.FromSeconds(refused.RetryAfterSeconds()) + TimeSpan.FromMilliseconds(500));
        var later = await service.Client.SendAsync(Erase());

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        // The window is 2 s in sixths; its 333 ms segments slide on the limiter's 100 ms timer, every 400 ms: 2.4 s.
        Assert.Equal(3, refused.RetryAfterSeconds());
        Assert.Contains("ກະລຸນາລໍຖ້າຈັກໜ່ອຍ", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, later.StatusCode);
    }
}
