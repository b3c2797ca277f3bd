using System.Collections.Concurrent;
using System.Text;
using Campaign.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Campaign.Tests.Operations;

/// <summary>
/// With <c>OpenTelemetry:Endpoint</c> set, traces reach an OTLP collector: the requests, and the send path's
/// claim, compose, send and record spans — with no supporter's address or token anywhere in them.
/// </summary>
public sealed class TracingTests(TracingTests.Fixture service) : IClassFixture<TracingTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        public OtlpCollector Collector { get; } = new();

        protected override IEnumerable<string> ExtraSettings =>
            [$"--OpenTelemetry:Endpoint={Collector.Address}", "--OpenTelemetry:ExportDelay=00:00:00.2"];

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Collector.DisposeAsync();
        }
    }

    [Fact]
    public async Task SigningAndSending_AreTraced_WithoutTheSupporter()
    {
        const string email = "traced-supporter@example.org";
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(email, "Traced Supporter"));
        var token = await service.ConfirmationTokenForAsync(email);
        await service.Client.GetStringAsync($"/confirm/{token}");

        string[] spans = ["campaign.claim", "campaign.compose", "campaign.send", "campaign.record", "/confirm/{token}"];
        await ServiceFixture.EventuallyAsync(() => Task.FromResult(spans.All(service.Collector.Text.Contains)), TimeSpan.FromSeconds(30),
            "the send path's spans and the confirm page's request at the collector");

        var exported = service.Collector.Text;
        Assert.DoesNotContain(email, exported, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Traced Supporter", exported, StringComparison.Ordinal);
        Assert.DoesNotContain(token, exported, StringComparison.Ordinal);
    }

    /// <summary>A collector's OTLP/HTTP endpoint on loopback that keeps what it is sent.</summary>
    public sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly ConcurrentQueue<byte[]> bodies = new();

        public OtlpCollector()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            app = builder.Build();
            app.MapPost("/v1/traces", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                bodies.Enqueue(body.ToArray());
                return Results.Ok();
            });
            app.StartAsync().GetAwaiter().GetResult();
            Address = new Uri(app.Urls.First());
        }

        public Uri Address { get; }

        /// <summary>Everything exported, as text: protobuf keeps span names and attribute values as plain UTF-8.</summary>
        public string Text => string.Concat(bodies.Select(b => Encoding.UTF8.GetString(b)));

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
