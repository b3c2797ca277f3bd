using System.Net;
using System.Net.Sockets;

namespace Campaign.Service.Abuse;

/// <summary>
/// What a limit counts a request under. <see cref="Client"/> is one IPv4 address or one IPv6 /64 (what one household
/// or one device is given; the addresses inside it rotate at will). <see cref="Network"/> is the IPv4 /24 or IPv6 /48
/// around it (a site or a provider's customer), for the second, looser limit. An IPv4-mapped IPv6 address is IPv4.
/// </summary>
public readonly record struct ClientKeys(string Client, string Network)
{
    /// <summary>A connection without an address (an in-memory test server): all such requests share one key.</summary>
    public static readonly ClientKeys Unknown = new("unknown", "unknown");

    public static ClientKeys Of(IPAddress? address)
    {
        if (address is null) return Unknown;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily == AddressFamily.InterNetwork
            ? new ClientKeys(address.ToString(), Prefix(address, 24))
            : new ClientKeys(Prefix(address, 64), Prefix(address, 48));
    }

    private static string Prefix(IPAddress address, int bits)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var kept = Math.Clamp(bits - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - kept));
        }
        // A scope id (fe80::1%eth0) would make one /64 many keys; the bytes alone are the network.
        return $"{new IPAddress(bytes)}/{bits}";
    }
}
