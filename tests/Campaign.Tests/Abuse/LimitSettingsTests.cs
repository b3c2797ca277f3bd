using Campaign.Service.Hosting;
using Microsoft.Extensions.Configuration;

namespace Campaign.Tests.Abuse;

/// <summary>A proxy or a limit that cannot be used stops the service at start-up, naming its key; the old key still works.</summary>
public sealed class LimitSettingsTests
{
    [Theory]
    [InlineData("Network:KnownProxies:0", "proxy.example", "Network:KnownProxies:0")]
    [InlineData("Network:KnownNetworks:0", "10.0.0.0/33", "Network:KnownNetworks:0")]
    [InlineData("Network:ForwardLimit", "0", "Network:ForwardLimit")]
    [InlineData("RateLimits:Signing:Burst", "0", "RateLimits:Signing:Burst")]
    [InlineData("RateLimits:Signing:Sustained", "2", "RateLimits:Signing:Sustained")]
    [InlineData("RateLimits:Confirming:NetworkBurst", "1", "RateLimits:Confirming:NetworkBurst")]
    [InlineData("RateLimits:Erasure:SustainedWindow", "00:00:30", "RateLimits:Erasure:SustainedWindow")]
    [InlineData("RateLimits:AdminKey:BurstWindow", "soon", "RateLimits")]
    [InlineData("RateLimits:Shedding:ConcurrentSignings", "0", "RateLimits:Shedding:ConcurrentSignings")]
    public void Read_BadSetting_NamesTheKey(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<StartupException>(() => ServiceSettings.Read(configuration, "/tmp"));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OldSigningKey_IsTheSigningBurst()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("RateLimits:SignaturesPerMinutePerClient", "5000")]).Build();

        var signing = ServiceSettings.Read(configuration, "/tmp").RateLimits.Signing;

        // Above every default: each window is raised to it, none stays stricter than the one old limit.
        Assert.Equal((5000, 5000, 5000, 5000), (signing.Burst, signing.Sustained, signing.NetworkBurst, signing.NetworkSustained));
    }

    [Fact]
    public void Read_NewAndOldSigningKey_TheNewWins()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [new("RateLimits:SignaturesPerMinutePerClient", "50"), new("RateLimits:Signing:Burst", "4")]).Build();

        Assert.Equal(4, ServiceSettings.Read(configuration, "/tmp").RateLimits.Signing.Burst);
    }
}
