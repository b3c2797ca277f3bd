using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Campaign.Service.Admin;
using Campaign.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Service;

/// <summary>
/// Every route of the service is either on the public list below or admin-only: a new endpoint cannot be
/// left open by accident, and an admin-only one really refuses a stranger.
/// </summary>
public sealed partial class AdminAccessTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    /// <summary>What anyone may reach. Adding to this list is a decision that a route shows nothing about a supporter.</summary>
    private static readonly string[] PublicRoutes =
    [
        "GET /", "GET /c/{slug}", "POST /c/{slug}", "GET /c/{slug}/signed",
        // The same sign form, compact, for a partner's frame (issue 17).
        "GET /embed/c/{slug}", "POST /embed/c/{slug}", "GET /embed/c/{slug}/signed", "GET /assets/share.js",
        "GET /api/campaigns", "GET /api/campaigns/{slug}", "POST /api/campaigns/{slug}/signatures", "POST /api/confirmations",
        // Letters and deliveries accepted per target and day, and the chain head: counts of mail to targets only.
        "GET /api/campaigns/{slug}/ledger", "GET /c/{slug}/ledger",
        // Confirmed signatures per hour and day, and by country above the privacy floor; the preview image and QR code.
        "GET /api/campaigns/{slug}/timeline", "GET /c/{slug}/preview.png", "GET /c/{slug}/qr.svg",
        "GET /confirm/{token}", "POST /confirm/{token}", "GET /unsubscribe/{token}", "POST /unsubscribe/{token}", "GET /updates/stop/{token}", "POST /updates/stop/{token}",
        "GET /erase/{token}", "POST /erase/{token}",
        "GET /admin/login", "POST /admin/login", "POST /admin/logout",
        "GET /assets/site.css", "GET /assets/challenge.js", "GET /api/challenge", "GET /favicon.svg", "GET /favicon.ico",
        "GET /alive", "GET /health",
    ];

    [Fact]
    public void RouteTable_EveryRoute_IsPublicByNameOrRequiresTheAdminPolicy()
    {
        var routes = Routes().ToList();

        var open = routes.Where(r => !r.Admin && !PublicRoutes.Contains(r.Name)).Select(r => r.Name).ToList();
        var publicButGuarded = routes.Where(r => r.Admin && PublicRoutes.Contains(r.Name)).Select(r => r.Name).ToList();
        var stale = PublicRoutes.Except(routes.Select(r => r.Name)).ToList();

        Assert.True(open.Count == 0, $"routes neither public by name nor admin-only: {string.Join(", ", open)}");
        Assert.True(publicButGuarded.Count == 0, $"public routes that require the admin policy: {string.Join(", ", publicButGuarded)}");
        Assert.True(stale.Count == 0, $"public list names routes that do not exist: {string.Join(", ", stale)}");
        Assert.Contains(routes, r => r.Admin && r.Name == "GET /api/admin/messages");
    }

    [Fact]
    public async Task EveryAdminRoute_Anonymous_Answers401WithoutData()
    {
        await service.SignAndConfirmAsync(TestCampaigns.Letter, "never-shown@example.org", name: "Never Shown");
        var adminRoutes = Routes().Where(r => r.Admin).ToList();
        Assert.True(adminRoutes.Count >= 15, $"only {adminRoutes.Count} admin routes found");

        foreach (var route in adminRoutes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), SampleUrl(route.Pattern));
            var response = await service.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Name} answered {(int)response.StatusCode}");
            Assert.DoesNotContain("never-shown", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Never Shown", body, StringComparison.Ordinal);
            if (route.Pattern.StartsWith("/api/", StringComparison.Ordinal))
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            else
                Assert.Contains("Admins only", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WrongBearerKey_WithAValidSessionCookie_IsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/stats");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-key");
        request.Headers.Add("Cookie", await SessionCookieAsync(ServiceFixture.AdminKey));

        var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SessionCookie_SignedWithTheKey_OpensAdminPages_SignedWithAnotherKeyDoesNot()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync("/admin", await SessionCookieAsync(ServiceFixture.AdminKey))).StatusCode);

        // What a session from before a key change holds: the new key ends it.
        var stale = await GetWithCookieAsync("/admin", await SessionCookieAsync("the-previous-admin-key"));

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Contains("Admins only", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HangfireDashboard_AsksTheAdminPolicy()
    {
        Assert.Equal(HttpStatusCode.OK, (await service.Admin.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync("/hangfire", await SessionCookieAsync(ServiceFixture.AdminKey))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.GetAsync("/hangfire")).StatusCode);
    }

    private sealed record Route(string Method, string Pattern, bool Admin)
    {
        public string Name => $"{Method} {Pattern}";
    }

    private IEnumerable<Route> Routes()
    {
        var endpoints = service.Service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var admin = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AdminAccess.Policy);
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods) yield return new Route(method, pattern, admin);
        }
    }

    /// <summary>A concrete URL for a route: each parameter gets a value of its kind, real where it matters (a campaign that exists).</summary>
    private static string SampleUrl(string pattern) => RouteParameter().Replace(pattern, m => m.Groups[1].Value switch
    {
        "slug" => TestCampaigns.Letter,
        "action" => "pause",
        _ => "1",
    });

    /// <summary>A session cookie signed with <paramref name="key"/>, for a session the service holds open.</summary>
    private async Task<string> SessionCookieAsync(string key)
    {
        var http = new DefaultHttpContext();
        var session = Guid.NewGuid();
        var expires = new AdminCredentials(key, TimeProvider.System).StartSession(http, session);
        await service.Service.Services.GetRequiredService<AdminSessions>().StartAsync(session, expires);
        return http.Response.Headers.SetCookie.ToString().Split(';')[0];
    }

    private async Task<HttpResponseMessage> GetWithCookieAsync(string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await service.Client.SendAsync(request);
    }

    [GeneratedRegex(@"\{(\w+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
