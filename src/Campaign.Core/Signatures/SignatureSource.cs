namespace Campaign.Core.Signatures;

/// <summary>
/// Where a signature came from, as the web front saw it. Only its keyed hash is stored (<c>signatures.network_key</c>),
/// never the network itself.
/// </summary>
/// <param name="Network">The client's IPv4 /24 or IPv6 /48 (<c>203.0.113.0/24</c>); null when the service did not know the client.</param>
public sealed record SignatureSource(string? Network)
{
    public static readonly SignatureSource Unknown = new((string?)null);
}
