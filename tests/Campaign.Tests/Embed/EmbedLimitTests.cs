using System.Net;

namespace Campaign.Tests.Embed;

/// <summary>A rate limit's refusal of the embedded form is shown in the partner's frame, not blocked by our framing policy.</summary>
public sealed class EmbedLimitTests(LimitedEmbedService service) : IClassFixture<LimitedEmbedService>
{
    [Fact]
    public async Task EmbedPost_OverTheSigningLimit_IsRefusedWithAPageThePartnerMayFrame()
    {
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 3 && refused is null; i++)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/embed/c/{EmbedService.Slug}?lang=lo")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["name"] = "Ana", ["email"] = $"limited-{i}@supporters.example", ["country"] = "KR", ["locale"] = "lo", ["consent"] = "true",
                }),
            };
            post.Headers.Add("Sec-Fetch-Site", "same-origin");
            var response = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress }.SendAsync(post);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
        }

        Assert.NotNull(refused);
        Assert.Contains($"frame-ancestors {service.PartnerOrigin} https://partner.example", string.Join(";", refused.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"lo\">", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
