using System.Net;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Service;

/// <summary>What an operator's probes and Prometheus see.</summary>
public sealed class OperationsTests(OperationsTests.Fixture service) : IClassFixture<OperationsTests.Fixture>
{
    /// <summary>
    /// Metric listeners are process-wide and the tests run several services in one process, so this class
    /// counts on a campaign no other service has.
    /// </summary>
    public sealed class Fixture : ServiceFixture
    {
        protected override void WriteCampaigns(string directory)
        {
            base.WriteCampaigns(directory);
            var petition = File.ReadAllText(Path.Combine(directory, $"{TestCampaigns.Petition}.yaml"));
            File.WriteAllText(Path.Combine(directory, "metrics-test.yaml"), petition.Replace($"slug: {TestCampaigns.Petition}", "slug: metrics-test", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task HealthAndAlive_WithDatabaseUp_Answer200()
    {
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterSigning_ExposeSignatureAndMessageGaugesWithoutPersonalData()
    {
        await service.SignAsync("metrics-test", ServiceFixture.Signer("metrics@example.org"));

        var text = "";
        await ServiceFixture.EventuallyAsync(async () =>
        {
            text = await service.Admin.GetStringAsync("/metrics"); // admins only, unless Operations:MetricsUrls gives it addresses of its own
            return Regex.IsMatch(text, @"campaign_signatures\{[^}]*campaign=""metrics-test"",status=""pending""\} 1\b")
                && Regex.IsMatch(text, @"campaign_messages\{[^}]*campaign=""metrics-test"",status=""sent""\} 1\b");
        }, TimeSpan.FromSeconds(20), "the gauges for the new signature and its sent confirmation");

        Assert.Contains("campaign_outbox_oldest_due_seconds", text, StringComparison.Ordinal);
        // Counters are process-wide (several hosts share this test process): their presence is what is asserted.
        Assert.Matches(@"campaign_messages_outcomes_total\{[^}]*kind=""confirmation"",outcome=""sent""", text);
        Assert.Contains("campaign_send_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Matches(@"campaign_signatures_signed_total\{[^}]*campaign=""metrics-test""", text);
        // Runtime metrics come from one process-wide meter; per-host HTTP meters are not asserted here,
        // since several hosts share this test process and the exporter keeps one of each name.
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics@example.org", text, StringComparison.Ordinal);
    }
}
