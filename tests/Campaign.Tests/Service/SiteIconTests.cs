using System.Net;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Service;

/// <summary>Browsers find the site's icon: no 404 in the console, nothing fetched from another site.</summary>
public sealed class SiteIconTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Theory]
    [InlineData("/favicon.ico")]
    [InlineData("/favicon.svg")]
    public async Task Favicon_Anonymous_Answers200WithAnImageKeptForLong(string path)
    {
        var response = await service.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("image/", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(7), $"Cache-Control: {response.Headers.CacheControl}");
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Favicon_Ico_IsAnIconFile()
    {
        var bytes = await service.Client.GetByteArrayAsync("/favicon.ico");

        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]); // ICO header: reserved 0, type 1 (icon)
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/login")]
    public async Task Pages_NameTheIconInTheirHead(string path)
    {
        var html = await service.Client.GetStringAsync(path);

        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">", html, StringComparison.Ordinal);
    }
}
