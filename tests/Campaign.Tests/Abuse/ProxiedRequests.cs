using System.Net.Http.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Abuse;

/// <summary>Requests as a reverse proxy on loopback forwards them: each names its client in <c>X-Forwarded-For</c>.</summary>
public static class ProxiedRequests
{
    public static Task<HttpResponseMessage> SignFromAsync(this ServiceFixture service, string client, string email) =>
        service.Client.SendAsync(From(client, new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{TestCampaigns.Petition}/signatures")
        {
            Content = JsonContent.Create(ServiceFixture.Signer(email)),
        }));

    public static HttpRequestMessage From(string client, HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", client);
        return request;
    }

    /// <summary>Whole seconds of <c>Retry-After</c>; fails when the header is missing.</summary>
    public static int RetryAfterSeconds(this HttpResponseMessage response)
    {
        Assert.True(response.Headers.RetryAfter?.Delta is not null, $"{(int)response.StatusCode} carries Retry-After in seconds");
        return (int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
    }
}
