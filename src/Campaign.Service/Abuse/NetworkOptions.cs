using System.Net;
using Campaign.Service.Hosting;

namespace Campaign.Service.Abuse;

/// <summary>
/// <c>Network:*</c>: the reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> we believe. None
/// by default: a header anyone can write must not choose whose limit a request counts against.
/// </summary>
public sealed class NetworkOptions
{
    public const string Section = "Network";

    /// <summary>Addresses of trusted proxies (<c>Network:KnownProxies:0=10.0.0.5</c>).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation (<c>Network:KnownNetworks:0=10.0.0.0/24</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many <c>X-Forwarded-For</c> entries are read, from the right: one per trusted proxy in front of the service.
    /// Each trusted proxy appends exactly one entry, the address it saw; everything further left was written by
    /// the client and is believed only as far as it names another trusted proxy. 1 is the usual single reverse
    /// proxy; a CDN in front of it makes 2.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;

    public IReadOnlyList<IPAddress> Proxies()
    {
        var proxies = new List<IPAddress>();
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i].Trim(), out var address))
                throw new StartupException($"{Section}:{nameof(KnownProxies)}:{i}: '{KnownProxies[i]}' is not an IP address");
            proxies.Add(address);
        }
        return proxies;
    }

    public IReadOnlyList<IPNetwork> Networks()
    {
        var networks = new List<IPNetwork>();
        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(KnownNetworks[i].Trim(), out var network))
                throw new StartupException($"{Section}:{nameof(KnownNetworks)}:{i}: '{KnownNetworks[i]}' is not a network like 10.0.0.0/24");
            networks.Add(network);
        }
        return networks;
    }

    /// <summary>Fails start-up on an address, network or forward limit that cannot be used.</summary>
    public void Check()
    {
        _ = Proxies();
        _ = Networks();
        if (ForwardLimit is < 1 or > 10)
            throw new StartupException($"{Section}:{nameof(ForwardLimit)} must be between 1 and 10 (one per trusted proxy in front of the service)");
    }
}
