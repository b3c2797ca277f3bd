using Campaign.Service.Hosting;

namespace Campaign.Service.Abuse;

/// <summary>
/// One limit's two sliding windows (<c>RateLimits:&lt;Limit&gt;:*</c>): a short one against bursts and a long one
/// against a steady drip, each counted per client (an IPv4 address, an IPv6 /64) and, looser, per network (an IPv4
/// /24, an IPv6 /48), so neither one busy script nor a block of rotating addresses gets past.
/// </summary>
public sealed class WindowLimitOptions
{
    /// <summary>Requests one client may make within <see cref="BurstWindow"/>.</summary>
    public int Burst { get; set; }

    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests one client may make within <see cref="SustainedWindow"/>.</summary>
    public int Sustained { get; set; }

    public TimeSpan SustainedWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Requests one network may make within <see cref="BurstWindow"/>.</summary>
    public int NetworkBurst { get; set; }

    /// <summary>Requests one network may make within <see cref="SustainedWindow"/>.</summary>
    public int NetworkSustained { get; set; }

    /// <summary>Fails start-up naming the first key that makes no sense, e.g. <c>RateLimits:Signing:Sustained</c>.</summary>
    public void Check(string section)
    {
        Require(Burst >= 1, section, nameof(Burst), "must be at least 1");
        Require(Sustained >= Burst, section, nameof(Sustained), $"must be at least {section}:{nameof(Burst)} ({Burst})");
        Require(NetworkBurst >= Burst, section, nameof(NetworkBurst), $"must be at least {section}:{nameof(Burst)} ({Burst}): a network holds many clients");
        Require(NetworkSustained >= Math.Max(Sustained, NetworkBurst), section, nameof(NetworkSustained),
            $"must be at least {section}:{nameof(Sustained)} and {section}:{nameof(NetworkBurst)}");
        Require(BurstWindow >= TimeSpan.FromMilliseconds(100) && BurstWindow <= TimeSpan.FromDays(1), section, nameof(BurstWindow), "must be between 100 ms and a day");
        Require(SustainedWindow > BurstWindow && SustainedWindow <= TimeSpan.FromDays(7), section, nameof(SustainedWindow),
            $"must be longer than {section}:{nameof(BurstWindow)} and at most 7 days");
    }

    private static void Require(bool condition, string section, string key, string problem)
    {
        if (!condition) throw new StartupException($"{section}:{key} {problem}");
    }
}
