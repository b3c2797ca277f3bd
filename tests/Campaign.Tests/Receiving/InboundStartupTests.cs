using System.Net;
using System.Net.Sockets;
using Campaign.Core.Privacy;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Receiving;

/// <summary>Inbound settings that cannot work stop the service at start-up, with a message naming the key.</summary>
public sealed class InboundStartupTests
{
    [Fact]
    public async Task Start_InboundPortAlreadyTaken_RefusesNamingInboundPort()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<StartupException>(() => StartAsync($"--Inbound:Port={port}", "--Inbound:Address=127.0.0.1"));

        Assert.Contains($"Inbound:Port: cannot listen for mail on 127.0.0.1:{port} (AddressAlreadyInUse)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Inbound:Address=everywhere", "Inbound:Address")]
    [InlineData("--Inbound:Imap:Security=Maybe", "Inbound:Imap:Security")]
    [InlineData("--Inbound:Imap:Username=", "Inbound:Imap:Username")]
    public async Task Start_BadInboundSetting_RefusesNamingTheKey(string setting, string named)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => StartAsync(
            "--Inbound:Imap:Host=127.0.0.1", "--Inbound:Imap:Username=bounces", "--Inbound:Imap:Password=secret", setting));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static async Task<ServiceInstance> StartAsync(params string[] settings)
    {
        using var campaigns = new TempDirectory("inbound-campaigns");
        using var data = new TempDirectory("inbound-data");
        TestCampaigns.WriteAll(campaigns.Path);
        var database = await TestDatabase.CreateDatabaseAsync(nameof(InboundStartupTests));
        var instance = await ServiceInstance.StartAsync([
            $"--ConnectionStrings:Campaign={database}", "--Smtp:Host=127.0.0.1", "--Smtp:Port=9", "--Smtp:Security=None",
            $"--Campaigns:Directory={campaigns.Path}", $"--Data:Directory={data.Path}", $"--Privacy:DataKey={MasterKey.Generate().Text}",
            "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. settings,
        ]);
        await instance.DisposeAsync();
        Assert.Fail("the service started");
        return instance;
    }
}
