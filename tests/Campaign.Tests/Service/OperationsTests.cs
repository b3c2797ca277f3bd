using System.Net;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Service;

/// <summary>What an operator's probes and Prometheus see.</summary>
public sealed class OperationsTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task HealthAndAlive_WithDatabaseUp_Answer200()
    {
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterSigning_ExposeSignatureAndMessageGaugesWithoutPersonalData()
    {
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("metrics@example.org"));

        var text = "";
        await ServiceFixture.EventuallyAsync(async () =>
        {
            text = await service.Client.GetStringAsync("/metrics");
            return Regex.IsMatch(text, @"campaign_signatures\{[^}]*campaign=""petition-test"",status=""pending""\} 1\b")
                && Regex.IsMatch(text, @"campaign_messages\{[^}]*campaign=""petition-test"",status=""sent""\} 1\b");
        }, TimeSpan.FromSeconds(20), "the gauges for the new signature and its sent confirmation");

        Assert.Contains("campaign_outbox_oldest_due_seconds", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics@example.org", text, StringComparison.Ordinal);
    }
}
