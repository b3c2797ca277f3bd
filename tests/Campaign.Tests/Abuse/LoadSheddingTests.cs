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
        // On a loaded machine a probe can overtake the held signing on its way to the limiter: the held one is then
        // the one refused, and its connection is closed under it. That run proves nothing either way; run it again.
        for (var run = 1; ; run++)
        {
            try
            {
                await BusyServiceAnswers503Async();
                return;
            }
            catch (HttpRequestException) when (run < 3)
            {
            }
        }
    }

    private async Task BusyServiceAnswers503Async()
    {
        // A signing whose body arrives slowly holds the only place until it is released.
        // Its headers need a moment to reach the limiter before the first probe, longer on a loaded machine.
        var settle = TimeSpan.FromMilliseconds(200);
        var (body, slow) = await HoldAsync(settle);

        HttpResponseMessage? busy = null;
        var answeredIn = TimeSpan.Zero;
        for (var i = 1; busy is null && i < 100; i++)
        {
            // A probe reached the service first, and the held signing was the one refused: hold again, waiting longer.
            if (slow.IsCompleted) (body, slow) = await HoldAsync(settle *= 2);
            // Each probe is a client of its own, so no client's own limit is what refuses it.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var probe = await service.SignFromAsync($"10.51.{i}.1", $"probe{i}@example.org");
            if (probe.StatusCode == HttpStatusCode.ServiceUnavailable) (busy, answeredIn) = (probe, clock.Elapsed);
            else await Task.Delay(50);
        }
        body.Release();
        var slowAnswer = await slow.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(busy);
        Assert.True(answeredIn < TimeSpan.FromSeconds(5), $"the refusal took {answeredIn}");
        Assert.Equal(3, busy.RetryAfterSeconds());
        var problem = await busy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal("RateLimits:Shedding:ConcurrentSignings", problem.GetProperty("limit").GetString());
        Assert.Equal(HttpStatusCode.Accepted, slowAnswer.StatusCode);
        await ServiceFixture.EventuallyAsync(async () => (await service.SignFromAsync("10.52.0.1", "after@example.org")).StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(5), "signing once the slow signing is done");
    }

    private async Task<(HeldBody Body, Task<HttpResponseMessage> Answer)> HoldAsync(TimeSpan settle)
    {
        var body = new HeldBody(JsonSerializer.Serialize(ServiceFixture.Signer("slow@example.org")));
        var answer = service.Client.SendAsync(ProxiedRequests.From("10.50.0.1", new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{TestCampaigns.Petition}/signatures") { Content = body }));
        await body.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(settle);
        return (body, answer);
    }

    /// <summary>A JSON body that does not end until the test releases it.</summary>
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
            // Whitespace before the JSON is still JSON: trickled while held, it keeps the request above Kestrel's
            // minimum body data rate (240 bytes/s after 5 s), which would otherwise end a hold that a loaded
            // machine stretches.
            var spaces = Encoding.ASCII.GetBytes(new string(' ', 64));
            await stream.WriteAsync(spaces);
            await stream.FlushAsync();
            Started.TrySetResult();
            while (!release.Task.IsCompleted)
            {
                await Task.WhenAny(release.Task, Task.Delay(100));
                await stream.WriteAsync(spaces);
                await stream.FlushAsync();
            }
            await stream.WriteAsync(Encoding.UTF8.GetBytes(json));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
