using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Numbers;

/// <summary>
/// <c>/api/campaigns/{slug}/timeline</c> against signatures the test made: counted in their hour and day, only once
/// confirmed, countries under the privacy floor merged into "other", milestones and progress against the goal;
/// and the campaign page's section that shows the same numbers without script.
/// </summary>
public sealed class TimelineTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Timeline_ConfirmedSignatures_AreCountedByHourAndDayWithTheCountryFloorAndMilestones()
    {
        var slug = TestCampaigns.Petition; // goal 100, milestones 10 and 100
        for (var i = 0; i < 11; i++) await service.SignAndConfirmAsync(slug, $"timeline-kr-{i}@supporters.example", country: "KR");
        await service.SignAndConfirmAsync(slug, "timeline-la-1@supporters.example", country: "LA");
        await service.SignAndConfirmAsync(slug, "timeline-la-2@supporters.example", country: "LA");
        var earlier = await service.SignAndConfirmAsync(slug, "timeline-cn@supporters.example", country: "CN");
        await service.SignDirectlyAsync(slug, "timeline-pending@supporters.example", country: "KR"); // never confirmed: not counted
        // One confirmed three hours ago: it belongs to that hour, and to yesterday or today by the clock.
        await service.QueryScalarAsync<int>("update signatures set confirmed_at = now() - interval '3 hours' where id = @earlier", new { earlier });
        var threeHoursAgo = DateTime.UtcNow.AddHours(-3);

        await service.PublicCountIsCurrentAsync(slug);
        JsonElement timeline = default;
        // The timeline is shared and recounted once a minute: read it once it has seen all fourteen.
        await ServiceFixture.EventuallyAsync(async () =>
        {
            timeline = await service.Client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{slug}/timeline");
            return timeline.GetProperty("perDay").EnumerateArray().Sum(d => d.GetProperty("count").GetInt64()) == 14;
        }, TimeSpan.FromSeconds(90), "the timeline to count the fourteen confirmed signatures");

        Assert.Equal(14, timeline.GetProperty("signatures").GetInt64());
        Assert.Equal(100, timeline.GetProperty("goal").GetInt32());
        Assert.Equal(0.14, timeline.GetProperty("progress").GetDouble(), 3);
        var hours = timeline.GetProperty("perHour").EnumerateArray().ToList();
        Assert.Equal(48, hours.Count);
        Assert.Equal(13, hours[^1].GetProperty("count").GetInt64());
        Assert.Equal(1, Slot(hours, new DateTime(threeHoursAgo.Year, threeHoursAgo.Month, threeHoursAgo.Day, threeHoursAgo.Hour, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(14, hours.Sum(h => h.GetProperty("count").GetInt64()));
        var days = timeline.GetProperty("perDay").EnumerateArray().ToList();
        Assert.Equal(DateTime.UtcNow.Date, days[^1].GetProperty("start").GetDateTime().Date);
        if (threeHoursAgo.Date == DateTime.UtcNow.Date) Assert.Equal(14, Slot(days, DateTime.UtcNow.Date));
        else Assert.Equal((1, 13), (Slot(days, threeHoursAgo.Date), Slot(days, DateTime.UtcNow.Date)));

        // Floor 10: KR (11) is named; LA (2) and CN (1) would point at people, so they are "other" (3).
        var countries = timeline.GetProperty("byCountry").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["KR"] = 11, ["other"] = 3 }, countries);
        Assert.Equal(10, timeline.GetProperty("countryFloor").GetInt32());
        var milestones = timeline.GetProperty("milestones").EnumerateArray().Select(m => (m.GetProperty("signatures").GetInt32(), m.GetProperty("reached").GetBoolean()));
        Assert.Equal([(10, true), (100, false)], milestones);

        // The page shows the same numbers: the milestones, a chart per hour and per day, and no country under the floor.
        var page = await service.Client.GetStringAsync($"/c/{slug}?lang=ko");
        var section = page[page.IndexOf("<section id=\"numbers\"", StringComparison.Ordinal)..];
        Assert.Contains("✓ 10명: 달성", section, StringComparison.Ordinal);
        Assert.Contains("100명: 86명 남음", section, StringComparison.Ordinal);
        Assert.Equal(2, section.Split("<svg class=\"chart\"").Length - 1);
        Assert.Contains("data-country=\"KR\"", section, StringComparison.Ordinal);
        Assert.Contains("data-country=\"other\"><td>기타 국가</td><td>3</td>", section, StringComparison.Ordinal);
        Assert.DoesNotContain("data-country=\"LA\"", section, StringComparison.Ordinal);
        Assert.DoesNotContain("data-country=\"CN\"", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_UnknownOrDraftCampaign_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/api/campaigns/no-such-campaign/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync($"/api/campaigns/{TestCampaigns.Draft}/timeline")).StatusCode);
    }

    [Fact]
    public async Task AdminCampaignPage_ShowsTheConfirmRateOfTodaysSignatures()
    {
        var slug = TestCampaigns.Milestone;
        await service.SignAndConfirmAsync(slug, "rate-1@supporters.example");
        await service.SignAndConfirmAsync(slug, "rate-2@supporters.example");
        await service.SignAndConfirmAsync(slug, "rate-3@supporters.example");
        await service.SignDirectlyAsync(slug, "rate-4@supporters.example");

        var page = await service.Admin.GetStringAsync($"/admin/c/{slug}");

        Assert.Contains($"<tr data-day=\"{DateTime.UtcNow:yyyy-MM-dd}\"><td>{DateTime.UtcNow:yyyy-MM-dd}</td><td>4</td><td>3</td><td data-rate>75%</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/c/{slug}/qr.svg?lang=en\"", page, StringComparison.Ordinal);
    }

    private static long Slot(List<JsonElement> slots, DateTime start) =>
        slots.Single(s => s.GetProperty("start").GetDateTime() == start).GetProperty("count").GetInt64();
}
