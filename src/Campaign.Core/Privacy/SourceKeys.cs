using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Campaign.Core.Privacy;

/// <summary>
/// The keyed hashes under which a signature's origin is kept: the client's network (an IPv4 /24 or IPv6 /48)
/// and the domain of the signer's canonical address. Equal for equal sources, so a surge from one of them
/// counts under one key and an admin who types a domain or an IP finds its signatures; useless without the
/// secret, so a copy of the database names no network and no family's own domain.
/// </summary>
/// <remarks>
/// The secret is derived (HKDF) from the address lookup secret of the <see cref="KeyRing"/>, which every process
/// of one database shares and which no rotation replaces, so keys stay comparable across processes and time.
/// </remarks>
public sealed class SourceKeys(KeyRing ring)
{
    /// <summary>How many characters of a key the pages show: enough to tell sources apart by eye.</summary>
    public const int ShortLength = 10;

    private readonly byte[] secret = HKDF.DeriveKey(HashAlgorithmName.SHA256, ring.AddressSecret, 32,
        salt: [], info: Encoding.ASCII.GetBytes("campaign:signature-sources:v1"));

    /// <param name="network">The network in <c>ClientKeys</c> form (<c>203.0.113.0/24</c>, <c>2001:db8:1::/48</c>).</param>
    public string Network(string network) => Hash("network:" + network);

    /// <summary>The key of the domain of <paramref name="emailOrDomain"/> (an address, or a domain alone), in its canonical form.</summary>
    public string Domain(string emailOrDomain)
    {
        var at = emailOrDomain.LastIndexOf('@');
        // A domain alone is made an address, so it gets exactly the canonical form a signer's address gets (the
        // domain's form does not depend on Abuse:DotlessDomains, which only changes local parts).
        var canonicalAddress = CanonicalAddress.Default.For(at < 0 ? "x@" + emailOrDomain : emailOrDomain);
        return Hash("domain:" + canonicalAddress[(canonicalAddress.LastIndexOf('@') + 1)..]);
    }

    public static string Shown(string key) => key.Length <= ShortLength ? key : key[..ShortLength];

    private string Hash(string value) => Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(value)));
}
