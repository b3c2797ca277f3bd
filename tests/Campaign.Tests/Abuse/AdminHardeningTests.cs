using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Abuse;

/// <summary>
/// Issue 13, point 7: a short admin key stops the service; behind a TLS-terminating proxy the admin cookie is
/// Secure and HSTS is sent; every admin action lands in the audit log, bodies never; <c>/metrics</c> is the admins'.
/// </summary>
public sealed partial class AdminHardeningTests(AdminHardeningTests.HttpsSite service) : IClassFixture<AdminHardeningTests.HttpsSite>
{
    /// <summary>The public URL is https, but a proxy we were not told about hands us plain http.</summary>
    public sealed class HttpsSite : ServiceFixture
    {
        protected override IEnumerable<string> ExtraSettings => ["--App:PublicBaseUrl=https://campaign.example"];
    }

    [Fact]
    public async Task AShortConfiguredKey_StopsTheServiceNamingTheKey()
    {
        using var campaigns = new TempDirectory("short-key-campaigns");
        using var data = new TempDirectory("short-key-data");
        TestCampaigns.WriteAll(campaigns.Path);
        var connectionString = await TestDatabase.CreateDatabaseAsync(nameof(AShortConfiguredKey_StopsTheServiceNamingTheKey));

        var refused = await Assert.ThrowsAsync<StartupException>(() => ServiceInstance.StartAsync(["--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:Campaign={connectionString}", "--Smtp:Host=127.0.0.1", $"--Campaigns:Directory={campaigns.Path}",
            $"--Data:Directory={data.Path}", "--Admin:ApiKey=only-thirty-one-characters-long", "--Logging:LogLevel:Default=Warning"]));

        Assert.Contains("Admin:ApiKey is 31 characters long", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("only-thirty-one-characters-long", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginOverThePlainHttpOfAProxy_GivesASecureCookie_AndEveryAnswerCarriesHsts()
    {
        var (answer, session) = await LogInAsync();

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("max-age=31536000", Assert.Single(answer.Headers.GetValues("Strict-Transport-Security")));
        Assert.True((await service.Client.GetAsync("/api/campaigns")).Headers.Contains("Strict-Transport-Security"));
        // The login itself is in the audit log.
        var audit = await AuditAsync();
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "POST /admin/login" && e.GetProperty("actor").GetString() == "key (login form)");
    }

    [Fact]
    public async Task Logout_EndsTheSessionOnTheServer_AndEndingAllSessionsEndsEveryOther()
    {
        var (_, first) = await LogInAsync();
        var (_, second) = await LogInAsync();
        var cookie = first.Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(HttpMethod.Get, "/admin", cookie)).StatusCode);

        // Logging out with the page's own form; a copy of the cookie (say, stolen earlier) is refused afterwards.
        var dashboard = await WithCookieAsync(HttpMethod.Get, "/admin", cookie);
        var formCookie = dashboard.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("campaign_af=", StringComparison.Ordinal)).Split(';')[0];
        var token = TokenField().Match(await dashboard.Content.ReadAsStringAsync()).Groups[1].Value;
        var logout = await WithCookieAsync(HttpMethod.Post, "/admin/logout", $"{cookie}; {formCookie}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookieAsync(HttpMethod.Get, "/admin", cookie)).StatusCode);

        // The other session is open until an admin ends them all.
        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(HttpMethod.Get, "/admin", second.Split(';')[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Admin.DeleteAsync("/api/admin/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookieAsync(HttpMethod.Get, "/admin", second.Split(';')[0])).StatusCode);
    }

    /// <summary>The login form as a browser posts it, over plain http; the answer and the session cookie it set.</summary>
    private async Task<(HttpResponseMessage Answer, string Session)> LogInAsync()
    {
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress };
        var page = await browser.GetAsync("/admin/login");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("campaign_af=", StringComparison.Ordinal)).Split(';')[0];
        using var login = new HttpRequestMessage(HttpMethod.Post, "/admin/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["key"] = ServiceFixture.AdminKey, ["__af"] = TokenField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value,
            }),
        };
        login.Headers.Add("Cookie", antiforgery);
        var answer = await browser.SendAsync(login);
        return (answer, answer.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("campaign_admin=", StringComparison.Ordinal)));
    }

    private async Task<HttpResponseMessage> WithCookieAsync(HttpMethod method, string path, string cookie, HttpContent? content = null)
    {
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress };
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Cookie", cookie);
        var answer = await browser.SendAsync(request);
        await answer.Content.LoadIntoBufferAsync();
        return answer;
    }

    [Fact]
    public async Task AdminActions_LandInTheAuditLog_WithTheirRouteValues_AndNoSupportersAddress()
    {
        const string email = "audited-erasure@example.org";
        await service.SignAndConfirmAsync(TestCampaigns.Petition, email);

        Assert.Equal(HttpStatusCode.NoContent, (await service.Admin.PostAsync($"/api/admin/campaigns/{TestCampaigns.Petition}/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Admin.GetAsync($"/api/admin/campaigns/{TestCampaigns.Petition}/signatures.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Admin.PostAsJsonAsync("/api/admin/supporters/erase", new { email })).StatusCode);
        await service.Admin.GetAsync("/api/admin/stats"); // a plain read is not an action

        var audit = await AuditAsync();
        var actions = audit.Select(e => (Action: e.GetProperty("action").GetString(), Subject: e.GetProperty("subject").GetString(),
            Actor: e.GetProperty("actor").GetString(), Status: e.GetProperty("status").GetInt32())).ToList();
        Assert.Contains(("POST /api/admin/campaigns/{slug}/pause", $"slug={TestCampaigns.Petition}", "key", 204), actions);
        Assert.Contains(("GET /api/admin/campaigns/{slug}/signatures.csv", $"slug={TestCampaigns.Petition}", "key", 200), actions);
        Assert.Contains(("POST /api/admin/supporters/erase", "", "key", 200), actions);
        Assert.DoesNotContain(actions, a => a.Action!.Contains("/stats", StringComparison.Ordinal));
        Assert.DoesNotContain(email, JsonSerializer.Serialize(audit), StringComparison.Ordinal);
        await service.Admin.PostAsync($"/api/admin/campaigns/{TestCampaigns.Petition}/resume", null);
    }

    [Fact]
    public async Task Metrics_AreTheAdminsOnly()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.GetAsync("/metrics")).StatusCode);
        var metrics = await service.Admin.GetStringAsync("/metrics");
        Assert.Contains("# TYPE ", metrics, StringComparison.Ordinal); // Prometheus' text format
    }

    private async Task<List<JsonElement>> AuditAsync() => (await service.Admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/audit"))!;

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
