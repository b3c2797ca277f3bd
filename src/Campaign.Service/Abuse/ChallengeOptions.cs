using System.ComponentModel.DataAnnotations;

namespace Campaign.Service.Abuse;

/// <summary>
/// When signing asks for a proof of work (<c>Abuse:Challenge:</c>), and how much work. Below every threshold no
/// one is asked anything, and the sign form works without script. Each threshold counts signing attempts in memory,
/// per web process, as the rate limits do; 0 turns that threshold off.
/// </summary>
public sealed class ChallengeOptions
{
    public const string Section = "Abuse:Challenge";

    /// <summary>
    /// Signatures in one hour from one client (an IPv4 address, an IPv6 /64) before the next must solve a challenge.
    /// A family signs together from one home: ten leaves room for it, and a script that rotates addresses meets
    /// the network threshold next.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ClientPerHour { get; set; } = 10;

    /// <summary>
    /// The same for one network (IPv4 /24, IPv6 /48): the surge alert's figure, so a network that raises an
    /// alert is also slowed down by the work.
    /// </summary>
    [Range(0, 1_000_000)]
    public int NetworkPerHour { get; set; } = 100;

    /// <summary>
    /// Signatures in one minute to one campaign before every signer must solve one: ten a second is far beyond any
    /// campaign of ours in a normal week, and a real surge still signs, a second of work later.
    /// </summary>
    [Range(0, 10_000_000)]
    public int CampaignPerMinute { get; set; } = 600;

    /// <summary>
    /// The largest number the browser may have to try (ALTCHA's <c>maxnumber</c>); on average it tries half. A
    /// phone hashes some tens of thousands a second in Web Crypto, so 100,000 costs it one or two seconds.
    /// </summary>
    [Range(1, 100_000_000)]
    public int MaxNumber { get; set; } = 100_000;

    /// <summary>How long a challenge can be solved and used: long enough to fill in the form after it appeared.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(30);
}
