using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Service.Admin;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Targets;

/// <summary>
/// An admin sees what waits for each target and how long its max_per_hour takes to let it through, on the
/// dashboard, the campaign's page and in JSON, and cancels a target's queued letters with the page's button.
/// </summary>
public sealed partial class TargetQueueTests(TargetsService service) : IClassFixture<TargetsService>
{
    private const string Slug = TargetsService.Queue;

    [Fact]
    public async Task Dashboard_TargetWithQueuedLetters_ShowsTheQueueAndItsTimeAtMaxPerHour_AndItsButtonCancelsThem()
    {
        await service.PauseAsync(Slug);
        for (var i = 0; i < 10; i++) await service.SignAndConfirmAsync(Slug, $"queued-{i}@example.org");

        // Ten letters at four an hour: two and a half hours.
        var dashboard = await service.Admin.GetStringAsync("/admin");
        var row = Row(dashboard, $"data-target-queue=\"{Slug}/office\"");
        Assert.Contains("data-queued=\"letters\">10<", row, StringComparison.Ordinal);
        Assert.Contains("data-queued=\"deliveries\">0<", row, StringComparison.Ordinal);
        Assert.Contains("about 2 h 30 min", row, StringComparison.Ordinal);
        Assert.Contains("Cancel queued letters (10)", row, StringComparison.Ordinal);

        var page = Row(await service.Admin.GetStringAsync($"/admin/c/{Slug}"), "data-target=\"office\"");
        Assert.Contains("data-queued=\"letters\">10<", page, StringComparison.Ordinal);
        Assert.Contains("about 2 h 30 min", page, StringComparison.Ordinal);

        var queues = await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/campaigns/{Slug}/queues");
        var office = Assert.Single(queues!);
        Assert.Equal("office", office.GetProperty("target").GetString());
        Assert.Equal(10, office.GetProperty("letters").GetInt64());
        Assert.Equal(4, office.GetProperty("maxPerHour").GetInt32());
        Assert.Equal(9000, office.GetProperty("seconds").GetInt64());
        Assert.Equal("about 2 h 30 min", office.GetProperty("takes").GetString());
        var everywhere = await service.Admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/queues");
        Assert.Contains(everywhere!, q => q.GetProperty("campaign").GetString() == Slug && q.GetProperty("letters").GetInt64() == 10);

        // The button, as a browser posts it: logged in with the key, the page's antiforgery token.
        using var handler = new HttpClientHandler { UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = service.BaseAddress };
        var login = await browser.GetStringAsync("/admin/login");
        (await browser.PostAsync("/admin/login", new FormUrlEncodedContent([new("key", ServiceFixture.AdminKey), new("__af", Token(login))]))).EnsureSuccessStatusCode();
        var form = Row(await browser.GetStringAsync("/admin"), $"data-target-queue=\"{Slug}/office\"");
        var answer = await browser.PostAsync($"/admin/campaigns/{Slug}/letters/cancel", new FormUrlEncodedContent(
            [new("__af", Token(form)), new("target", "office"), new("back", "/admin#target-queues")]));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode); // back on the dashboard
        var after = await answer.Content.ReadAsStringAsync();
        Assert.Contains("10 waiting message(s) cancelled.", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-target-queue=\"{Slug}/office\"", after, StringComparison.Ordinal);
        Assert.Equal(10, await service.QueryScalarAsync<long>(
            "select count(*) from messages where campaign = @Slug and kind = 'letter' and status = 'cancelled'", new { Slug }));
    }

    [Fact]
    public async Task Queues_UnknownCampaign_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await service.Admin.GetAsync("/api/admin/campaigns/no-such-campaign/queues")).StatusCode);
    }

    [Theory]
    [InlineData(0, "nothing waiting")]
    [InlineData(30, "under a minute")]
    [InlineData(15 * 60, "about 15 min")]
    [InlineData(3 * 3600, "about 3 h")]
    [InlineData(2 * 3600 + 30 * 60, "about 2 h 30 min")]
    [InlineData(3 * 86400 + 4 * 3600 + 20 * 60, "about 3 days 4 h")]
    [InlineData(86400, "about 1 day")]
    [InlineData(3 * 3600 - 1, "about 3 h")]
    public void Takes_ReadsAtAGlance(int seconds, string expected) =>
        Assert.Equal(expected, TargetQueues.Takes(TimeSpan.FromSeconds(seconds)));

    private static string Row(string html, string marker)
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"the page has a row {marker}");
        var end = html.IndexOf("</tr>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    private static string Token(string html) => TokenField().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
