using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Core.Deliveries;
using Campaign.Core.Signatures;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Campaign.Tests.Privacy;

/// <summary>Public counts by country never single anyone out; admins still see exact figures.</summary>
public sealed class CountryFloorTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PublicCampaign_ThreeFromKpBelowTheFloor_ShowsThemAsOtherWhileAdminsSeeKp()
    {
        for (var i = 0; i < 12; i++) await SignAndConfirmThroughTheApiAsync($"kr-{i}@floor.example", "KR");
        for (var i = 0; i < 3; i++) await SignAndConfirmThroughTheApiAsync($"kp-{i}@floor.example", "KP");
        await service.PublicCountIsCurrentAsync(TestCampaigns.Petition);

        var detail = await service.Client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{TestCampaigns.Petition}");

        var byCountry = detail.GetProperty("byCountry").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["KR"] = 12, ["other"] = 3 }, byCountry);
        Assert.Equal(15, detail.GetProperty("signatures").GetInt64());
        var export = await service.Admin.GetStringAsync($"/api/admin/campaigns/{TestCampaigns.Petition}/signatures.csv");
        Assert.Equal(3, export.Split('\n').Count(line => line.Contains(",KP,", StringComparison.Ordinal) || line.TrimEnd().EndsWith(",KP", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Delivery_CountriesBelowTheFloor_ReachTheTargetOnlyAsOther()
    {
        for (var i = 0; i < 12; i++) await service.SignAndConfirmAsync(TestCampaigns.Delivery, $"kr-{i}@delivery.example", $"Signer {i}", "KR");
        for (var i = 0; i < 3; i++) await service.SignAndConfirmAsync(TestCampaigns.Delivery, $"kp-{i}@delivery.example", $"Quiet {i}", "KP");

        await service.Service.Services.GetRequiredService<PetitionDeliveries>().DeliverScheduledAsync(TestCampaigns.Delivery, "cn-mfa", CancellationToken.None);

        await ServiceFixture.EventuallyAsync(() => Task.FromResult(DeliveryMails().Count > 0), Soon, "the delivery to the first target");
        var text = DeliveryMails()[0].TextBody;
        Assert.Contains("- KR: 12", text, StringComparison.Ordinal);
        Assert.Contains("- other: 3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("KP", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithFloor_OtherItselfBelowTheFloor_IsStillShownAsOther()
    {
        var counts = new Dictionary<string, long> { ["KR"] = 40, ["KP"] = 1, ["LA"] = 2 };

        var shown = SignatureCounts.WithFloor(counts, 10);

        Assert.Equal(["KR", "other"], shown.Keys);
        Assert.Equal(3, shown["other"]);
        Assert.Equal(counts.Values.Sum(), shown.Values.Sum());
        Assert.DoesNotContain("other", SignatureCounts.WithFloor(new Dictionary<string, long> { ["KR"] = 10 }, 10).Keys);
    }

    private List<MimeMessage> DeliveryMails() => service.Mailbox.Received.Select(TestMailbox.Parse)
        .Where(m => m.Headers["X-Campaign"] == TestCampaigns.Delivery && m.Headers["X-Campaign-Target"] == TestCampaigns.FirstTargetEmail).ToList();

    private async Task SignAndConfirmThroughTheApiAsync(string email, string country)
    {
        var signed = await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(email, country: country));
        Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
        var token = await service.ConfirmationTokenForAsync(email);
        var confirmed = await service.Client.PostAsJsonAsync("/api/confirmations", new { token });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
    }
}
