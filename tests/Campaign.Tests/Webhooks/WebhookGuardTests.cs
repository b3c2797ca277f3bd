using System.Net;
using Campaign.Core.Webhooks;
using Campaign.Service.Hosting;
using Microsoft.Extensions.Configuration;

namespace Campaign.Tests.Webhooks;

/// <summary>
/// No request into the service's own network through a webhook URL: loopback, private and link-local
/// addresses are refused when connecting (whatever the name resolved to) and at start for a literal address.
/// </summary>
public sealed class WebhookGuardTests
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task Post_ToLoopback_IsRefusedBeforeConnecting_UnlessPrivateNetworksAreAllowed(string host)
    {
        await using var receiver = new WebhookReceiver(WebhookReceiver.NewSecret());
        var url = $"http://{host}:{receiver.Address.Port}/guard";

        using (var guarded = WebhookPost.Client(new WebhookOptions()))
        {
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.PostAsync(url, new StringContent("{}")));
            Assert.IsType<WebhookRefusedException>(error.InnerException);
        }
        Assert.Empty(receiver.At("guard"));

        using var allowed = WebhookPost.Client(new WebhookOptions { AllowPrivateNetworks = true });
        await allowed.PostAsync(url, new StringContent("{}"));
        Assert.Single(receiver.At("guard"));
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("127.0.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    public void IsPublic_NonPublicAddress_IsFalse(string address) => Assert.False(PublicAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsPublic_PublicAddress_IsTrue(string address) => Assert.True(PublicAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("Url", "http://10.0.0.5/hook", "Webhooks:Endpoints:0:Url")]
    [InlineData("Url", "ftp://example.org/hook", "Webhooks:Endpoints:0:Url")]
    [InlineData("Secret", "hunter2", "Webhooks:Endpoints:0:Secret")]
    [InlineData("Events:0", "signature.signed", "Webhooks:Endpoints:0:Events")]
    [InlineData("Name", "CRM System", "Webhooks:Endpoints:0:Name")]
    public void Start_BadEndpoint_NamesTheKey(string key, string value, string named)
    {
        var endpoint = new Dictionary<string, string?>
        {
            ["Webhooks:Endpoints:0:Name"] = "crm",
            ["Webhooks:Endpoints:0:Url"] = "https://crm.example.org/hook",
            ["Webhooks:Endpoints:0:Secret"] = WebhookReceiver.NewSecret(),
            ["Webhooks:Endpoints:0:Events:0"] = "signature.confirmed",
        };
        endpoint[$"Webhooks:Endpoints:0:{key}"] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(endpoint).Build();

        var error = Assert.Throws<StartupException>(() => ServiceSettings.Read(configuration, "/tmp"));

        Assert.StartsWith(named, error.Message, StringComparison.Ordinal);
    }
}
