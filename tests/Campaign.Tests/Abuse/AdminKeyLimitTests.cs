using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Abuse;

/// <summary>
/// Guessing the admin key: wrong keys, through the login form or a bearer header, are counted per client; past the
/// limit every key that client sends is refused with 429 — the right one too — and no log line holds a key.
/// </summary>
public sealed partial class AdminKeyLimitTests(ProxiedService service) : IClassFixture<ProxiedService>
{
    private const int Guesses = 1000;

    [Fact]
    public async Task Bearer_AThousandWrongKeys_AreLimitedAndTheRightKeyToo()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Guesses; i++) statuses.Add((await StatsAsync("10.1.0.10", $"wrong-key-{i:D4}-0123456789abcdef")).StatusCode);
        var right = await StatsAsync("10.1.0.10", ServiceFixture.AdminKey);
        var elsewhere = await StatsAsync("10.8.0.1", ServiceFixture.AdminKey);

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(Guesses - 5, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.True(right.RetryAfterSeconds() > 0);
        Assert.Equal("application/problem+json", right.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.DoesNotContain(service.Log.Lines, line => line.Contains("wrong-key-", StringComparison.Ordinal) || line.Contains(ServiceFixture.AdminKey, StringComparison.Ordinal));
        Assert.DoesNotContain(service.Log.Lines, line => line.Contains("10.1.0.10", StringComparison.Ordinal));
        Assert.Contains(service.Log.Lines, line => line.Contains("A wrong admin key was sent (bearer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoginForm_AThousandWrongKeys_AreLimitedAndTheRightKeyToo()
    {
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress };
        var (cookie, token) = await LoginFormAsync(browser);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Guesses; i++) statuses.Add((await LogInAsync(browser, "10.2.0.20", cookie, token, $"wrong-key-{i:D4}")).StatusCode);
        var right = await LogInAsync(browser, "10.2.0.20", cookie, token, ServiceFixture.AdminKey);
        var elsewhere = await LogInAsync(browser, "10.9.0.1", cookie, token, ServiceFixture.AdminKey);

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(Guesses - 5, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.True(right.RetryAfterSeconds() > 0);
        Assert.Contains("Please wait a moment", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.DoesNotContain(service.Log.Lines, line => line.Contains("wrong-key-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongKeys_ThroughFormAndBearer_CountTogether()
    {
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress };
        var (cookie, token) = await LoginFormAsync(browser);
        for (var i = 0; i < 3; i++) await LogInAsync(browser, "10.3.0.30", cookie, token, "wrong");
        for (var i = 0; i < 2; i++) await StatsAsync("10.3.0.30", "wrong");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await LogInAsync(browser, "10.3.0.30", cookie, token, ServiceFixture.AdminKey)).StatusCode);
    }

    [Fact]
    public async Task Login_ForwardedAsHttpsByTheKnownProxy_GivesASecureSessionCookie()
    {
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress };
        var (cookie, token) = await LoginFormAsync(browser);

        var login = await LogInAsync(browser, "10.4.0.40", cookie, token, ServiceFixture.AdminKey, proto: "https");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var session = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("campaign_admin=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
    }

    private Task<HttpResponseMessage> StatsAsync(string client, string key)
    {
        var request = ProxiedRequests.From(client, new HttpRequestMessage(HttpMethod.Get, "/api/admin/stats"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return service.Client.SendAsync(request);
    }

    /// <summary>The antiforgery cookie and token of the login form, loaded once; both may be posted many times.</summary>
    private static async Task<(string Cookie, string Token)> LoginFormAsync(HttpClient browser)
    {
        var page = await browser.GetAsync("/admin/login");
        var cookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("campaign_af=", StringComparison.Ordinal));
        return (cookie, TokenField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
    }

    private static Task<HttpResponseMessage> LogInAsync(HttpClient browser, string client, string cookie, string token, string key, string? proto = null)
    {
        var request = ProxiedRequests.From(client, new HttpRequestMessage(HttpMethod.Post, "/admin/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token, ["key"] = key }),
        });
        request.Headers.Add("Cookie", cookie);
        if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
        return browser.SendAsync(request);
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
