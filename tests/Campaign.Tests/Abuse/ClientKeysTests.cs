using System.Net;
using Campaign.Service.Abuse;

namespace Campaign.Tests.Abuse;

/// <summary>What a limit counts a request under: the address or /64, and the /24 or /48 around it.</summary>
public sealed class ClientKeysTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7", "203.0.113.0/24")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64", "2001:db8:1::/48")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64", "2001:db8:1::/48")]
    [InlineData("2001:db8:1:ffff::1", "2001:db8:1:ffff::/64", "2001:db8:1::/48")]
    public void Of_AnAddress_IsItsClientAndNetwork(string address, string client, string network) =>
        Assert.Equal(new ClientKeys(client, network), ClientKeys.Of(IPAddress.Parse(address)));

    [Fact]
    public void Of_NoAddress_IsOneSharedKey() => Assert.Equal(ClientKeys.Unknown, ClientKeys.Of(null));
}
