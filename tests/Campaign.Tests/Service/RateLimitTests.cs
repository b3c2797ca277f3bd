using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Service;

/// <summary>Signing is limited per client address; past the limit the answer is 429 with a problem document.</summary>
public sealed class RateLimitTests(RateLimitTests.Fixture service) : IClassFixture<RateLimitTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        protected override IEnumerable<string> ExtraSettings => ["--RateLimits:SignaturesPerMinutePerClient=3"];
    }

    [Fact]
    public async Task Sign_PastTheLimit_Answers429Problem()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer($"rate{i}@example.org"))).StatusCode);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        var limited = await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("rate9@example.org"));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(3L, await service.QueryScalarAsync<long>("select count(*) from signatures"));
    }
}
