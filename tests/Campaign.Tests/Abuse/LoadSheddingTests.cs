using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Abuse;

/// <summary>
/// Past the signings the service works on at once (<c>RateLimits:Shedding:ConcurrentSignings</c>), one more from any
/// client is answered 503 with Retry-After at once rather than left waiting; once the load passes, signing works.
/// </summary>
public sealed class LoadSheddingTests(LoadSheddingTests.Fixture service) : IClassFixture<LoadSheddingTests.Fixture>
{
    public sealed class Fixture : ProxiedService
    {
        protected override int ConcurrentSignings => 1;
    }

    [Fact]
    public async Task Sign_WhileTheServiceIsBusySigning_Answers503WithRetryAfterAtOnce()
    {
        // A signing whose body arrives slowly holds the only place until it is released.
        var body = new HeldBody(JsonSerializer.Serialize(ServiceFixture.Signer("slow@example.org")));
        var slow = service.Client.SendAsync(ProxiedRequests.From("10.50.0.1", new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{TestCampaigns.Petition}/signatures") { Content = body }));
        await body.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        HttpResponseMessage? busy = null;
        var started = DateTime.UtcNow;
        for (var i = 1; busy is null && i < 100; i++)
        {
            // Each probe is a client of its own, so no client's own limit is what refuses it.
            var probe = await service.SignFromAsync($"10.51.{i}.1", $"probe{i}@example.org");
            if (probe.StatusCode == HttpStatusCode.ServiceUnavailable) busy = probe;
            else await Task.Delay(50);
        }
        var answeredIn = DateTime.UtcNow - started;
        body.Release();
        var slowAnswer = await slow.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(busy);
        Assert.True(answeredIn < TimeSpan.FromSeconds(5), $"the refusal came after {answeredIn}");
        Assert.Equal(3, busy.RetryAfterSeconds());
        var problem = await busy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal("RateLimits:Shedding:ConcurrentSignings", problem.GetProperty("limit").GetString());
        Assert.Equal(HttpStatusCode.Accepted, slowAnswer.StatusCode);
        await ServiceFixture.EventuallyAsync(async () => (await service.SignFromAsync("10.52.0.1", "after@example.org")).StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(5), "signing once the slow signing is done");
    }

    /// <summary>A JSON body sent in two parts: the first at once, the rest when the test releases it.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly string json;

        public HeldBody(string json)
        {
            this.json = json;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            await stream.WriteAsync(bytes.AsMemory(0, 1));
            await stream.FlushAsync();
            Started.TrySetResult();
            await release.Task;
            await stream.WriteAsync(bytes.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
