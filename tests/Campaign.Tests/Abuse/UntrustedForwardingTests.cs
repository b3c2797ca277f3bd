using System.Net;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Abuse;

/// <summary>
/// With no proxy configured (the default), <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are anyone's words:
/// a client that names other addresses still counts against its own, and an https claim makes no cookie Secure.
/// </summary>
public sealed class UntrustedForwardingTests(UntrustedForwardingTests.Fixture service) : IClassFixture<UntrustedForwardingTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        protected override IEnumerable<string> ExtraSettings =>
        [
            "--RateLimits:Signing:Burst=3", "--RateLimits:Signing:Sustained=3", "--RateLimits:Signing:NetworkBurst=3", "--RateLimits:Signing:NetworkSustained=3",
        ];
    }

    [Fact]
    public async Task Sign_ForgedForwardedFor_StillCountsAgainstTheRealAddress()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
            statuses.Add((await service.SignFromAsync($"198.51.{i}.{i}", $"forged{i}@example.org")).StatusCode);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Login_ForgedForwardedProto_GivesNoSecureCookie()
    {
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress };
        var page = await browser.GetAsync("/admin/login");
        var cookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("campaign_af=", StringComparison.Ordinal));
        var html = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__af\" value=\"([^\"]+)\"").Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token, ["key"] = ServiceFixture.AdminKey }),
        };
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("X-Forwarded-Proto", "https");

        var login = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var session = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("campaign_admin=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", session, StringComparison.OrdinalIgnoreCase);
    }
}
