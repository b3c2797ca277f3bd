using Campaign.Service.Hosting;

namespace Campaign.Service.Abuse;

/// <summary>
/// <c>RateLimits:*</c>: the limits on what anyone can do without an account — sign, confirm, ask for erasure — and on
/// guessing the admin key. The defaults follow the UK Parliament's petitions site (e-petitions #510: a burst window
/// and a sustained window per address, 1 per minute and 5 per 5 minutes there), loosened because we refuse
/// outright where that site quietly set signatures aside, and because our supporters often share an address:
/// a family, an office, a church hall at an event, a mobile carrier's NAT.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>
    /// The one key of earlier releases: when set and <c>RateLimits:Signing:Burst</c> is not, it is that burst (signing
    /// requests per client per minute, the default burst window), and the other signing windows are raised to at
    /// least it. Confirming and erasure no longer share it.
    /// </summary>
    public int? SignaturesPerMinutePerClient { get; set; }

    /// <summary>
    /// 30 a minute per address, as the one limit of earlier releases was (deployments and their scripts lived with
    /// it), and 300 an hour: a household, a stall or an office signs together. Per network 120 a minute and 1,000
    /// an hour: a /24 or /48 is many people (a campus, a carrier's NAT), and the surge alert at 100 an hour per
    /// network (e-petitions' trending threshold) fires long before this limit hides anything.
    /// </summary>
    public WindowLimitOptions Signing { get; set; } = new() { Burst = 30, Sustained = 300, NetworkBurst = 120, NetworkSustained = 1000 };

    /// <summary>Twice signing's: every signature is confirmed once, and people press a button twice.</summary>
    public WindowLimitOptions Confirming { get; set; } = new() { Burst = 60, Sustained = 600, NetworkBurst = 240, NetworkSustained = 2000 };

    /// <summary>Erasure is asked for once per supporter; ten a minute is already more than any person needs.</summary>
    public WindowLimitOptions Erasure { get; set; } = new() { Burst = 10, Sustained = 30, NetworkBurst = 30, NetworkSustained = 100 };

    /// <summary>
    /// Wrong admin keys (login form and bearer header; right ones are not counted): 5 a minute, as the UK site locks
    /// an admin account after 5 failed logins, and 10 an hour. Once limited, the right key is refused too, so
    /// guessing learns nothing.
    /// </summary>
    public WindowLimitOptions AdminKey { get; set; } = new() { Burst = 5, Sustained = 10, NetworkBurst = 10, NetworkSustained = 30 };

    public SheddingOptions Shedding { get; set; } = new();

    /// <summary>Reads the section (the old key included) and fails start-up on a limit that makes no sense.</summary>
    public static RateLimitOptions Read(IConfiguration configuration, Func<IConfiguration, string, RateLimitOptions> bind)
    {
        var options = bind(configuration, Section);
        // The new name wins: a deployment that still sets the old one keeps working until it moves.
        if (options.SignaturesPerMinutePerClient is { } perMinute
            && configuration[$"{Section}:{nameof(Signing)}:{nameof(WindowLimitOptions.Burst)}"] is null)
        {
            options.Signing.Burst = perMinute;
            // The old key was the only limit: the new windows must not make it stricter than it says.
            options.Signing.Sustained = Math.Max(options.Signing.Sustained, perMinute);
            options.Signing.NetworkBurst = Math.Max(options.Signing.NetworkBurst, perMinute);
            options.Signing.NetworkSustained = Math.Max(options.Signing.NetworkSustained, options.Signing.Sustained);
        }
        options.Signing.Check($"{Section}:{nameof(Signing)}");
        options.Confirming.Check($"{Section}:{nameof(Confirming)}");
        options.Erasure.Check($"{Section}:{nameof(Erasure)}");
        options.AdminKey.Check($"{Section}:{nameof(AdminKey)}");
        if (options.Shedding.ConcurrentSignings < 1)
            throw new StartupException($"{Section}:{nameof(Shedding)}:{nameof(SheddingOptions.ConcurrentSignings)} must be at least 1");
        if (options.Shedding.RetryAfter < TimeSpan.FromSeconds(1) || options.Shedding.RetryAfter > TimeSpan.FromHours(1))
            throw new StartupException($"{Section}:{nameof(Shedding)}:{nameof(SheddingOptions.RetryAfter)} must be between 1 second and an hour");
        return options;
    }
}
