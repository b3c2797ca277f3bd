using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Core.Campaigns;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Service;

/// <summary>What an admin sees across every campaign at once: the dashboard's charts and the stats answer.</summary>
public sealed partial class AdminOverviewTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Dashboard_AfterSigningConfirmingAndSending_ChartsEachCampaignPerDay()
    {
        await service.SignAndConfirmAsync(TestCampaigns.Letter, "charted@example.org");
        await service.SignAndConfirmAsync(TestCampaigns.Petition, "charted@example.org");
        // The confirmation email and the letter to each of the two targets.
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            "select count(*) from messages where campaign = @slug and status = 'sent'", new { slug = TestCampaigns.Letter }) == 3,
            TimeSpan.FromSeconds(20), "the confirmation and both letters sent");

        var html = await service.Admin.GetStringAsync("/admin");

        var sent = Figure(html, "Messages sent per day");
        var confirmed = Figure(html, "Signatures confirmed per day");
        foreach (var slug in service.Service.Services.GetRequiredService<CampaignCatalog>().All.Select(c => c.Slug))
        {
            Assert.Contains($"</svg> {slug} ", sent, StringComparison.Ordinal);
            Assert.Contains($"</svg> {slug} ", confirmed, StringComparison.Ordinal);
        }
        // Legend totals over the 30 days: three messages sent, one signature confirmed in each campaign.
        Assert.Contains($"</svg> {TestCampaigns.Letter} 3</span>", sent, StringComparison.Ordinal);
        Assert.Contains($"</svg> {TestCampaigns.Letter} 1</span>", confirmed, StringComparison.Ordinal);
        Assert.Contains($"</svg> {TestCampaigns.Petition} 1</span>", confirmed, StringComparison.Ordinal);
        Assert.Contains("<polyline", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("charted@example.org", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_NameEachCampaignBySlug_WithCampaignKeptAsAnAlias()
    {
        var stats = await service.Admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/stats");

        var letter = stats!.Single(s => s.GetProperty("slug").GetString() == TestCampaigns.Letter);
        Assert.Equal(TestCampaigns.Letter, letter.GetProperty("campaign").GetString());
        Assert.All(stats!, s => Assert.Equal(s.GetProperty("slug").GetString(), s.GetProperty("campaign").GetString()));
    }

    private static string Figure(string html, string label)
    {
        var figure = Figures().Matches(html).Select(m => m.Value).SingleOrDefault(f => f.Contains($"aria-label=\"{label}\"", StringComparison.Ordinal));
        Assert.True(figure is not null, $"the dashboard has a chart labelled \"{label}\"");
        Assert.Contains("<svg class=\"chart\"", figure, StringComparison.Ordinal);
        return figure;
    }

    [GeneratedRegex("<figure>.*?</figure>", RegexOptions.Singleline)]
    private static partial Regex Figures();
}
