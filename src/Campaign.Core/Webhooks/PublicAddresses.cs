using System.Net;
using System.Net.Sockets;

namespace Campaign.Core.Webhooks;

/// <summary>
/// Whether an address is on the public internet. A webhook URL is the organizer's to write, but the service's
/// own network (its database, metrics, cloud metadata at 169.254.169.254) must not be reachable through one.
/// </summary>
public static class PublicAddresses
{
    private static readonly (IPAddress Network, int Bits)[] NotPublic =
    [
        (IPAddress.Parse("0.0.0.0"), 8),        // "this network"
        (IPAddress.Parse("10.0.0.0"), 8),       // private (RFC 1918)
        (IPAddress.Parse("100.64.0.0"), 10),    // carrier-grade NAT (RFC 6598)
        (IPAddress.Parse("127.0.0.0"), 8),      // loopback
        (IPAddress.Parse("169.254.0.0"), 16),   // link-local, cloud metadata
        (IPAddress.Parse("172.16.0.0"), 12),    // private
        (IPAddress.Parse("192.0.0.0"), 24),     // protocol assignments
        (IPAddress.Parse("192.168.0.0"), 16),   // private
        (IPAddress.Parse("198.18.0.0"), 15),    // benchmarking
        (IPAddress.Parse("224.0.0.0"), 4),      // multicast
        (IPAddress.Parse("240.0.0.0"), 4),      // reserved, and broadcast
        (IPAddress.Parse("::"), 128),           // unspecified
        (IPAddress.Parse("::1"), 128),          // loopback
        (IPAddress.Parse("fc00::"), 7),         // unique local
        (IPAddress.Parse("fe80::"), 10),        // link-local
        (IPAddress.Parse("ff00::"), 8),         // multicast
    ];

    public static bool IsPublic(IPAddress address)
    {
        // An IPv4 address written as IPv6 (::ffff:10.0.0.1, or NAT64's 64:ff9b::10.0.0.1) is the IPv4 address.
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && InNetwork(address, IPAddress.Parse("64:ff9b::"), 96))
            address = new IPAddress(address.GetAddressBytes()[12..]);
        return !NotPublic.Any(n => n.Network.AddressFamily == address.AddressFamily && InNetwork(address, n.Network, n.Bits));
    }

    private static bool InNetwork(IPAddress address, IPAddress network, int bits)
    {
        if (address.AddressFamily != network.AddressFamily) return false;
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var whole = bits / 8;
        for (var i = 0; i < whole; i++)
            if (a[i] != n[i]) return false;
        var rest = bits % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }
}
