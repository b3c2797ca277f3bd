using System.Net;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Abuse;

/// <summary>With <c>Operations:MetricsUrls</c>, <c>/metrics</c> is served there without a key, and only there.</summary>
public sealed class MetricsAddressTests(MetricsAddressTests.WithMetricsPort service) : IClassFixture<MetricsAddressTests.WithMetricsPort>
{
    public sealed class WithMetricsPort : ServiceFixture
    {
        public int MetricsPort { get; } = FreePort();

        private static int FreePort()
        {
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        protected override IEnumerable<string> ExtraSettings => [$"--Operations:MetricsUrls=http://127.0.0.1:{MetricsPort}"];
    }

    [Fact]
    public async Task MetricsAddress_ServesMetricsWithoutAKey_AndNothingElse_WhileTheServiceAddressServesNoMetrics()
    {
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{service.MetricsPort}") };

        Assert.Contains("# TYPE ", await scraper.GetStringAsync("/metrics"), StringComparison.Ordinal); // Prometheus' text format
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/api/admin/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/api/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Admin.GetAsync("/metrics")).StatusCode);
        // A Host header naming the metrics port changes nothing: the port the request came in on decides.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forged.Headers.Host = $"127.0.0.1:{service.MetricsPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.SendAsync(forged)).StatusCode);
    }
}
