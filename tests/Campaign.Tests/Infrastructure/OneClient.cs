namespace Campaign.Tests.Infrastructure;

/// <summary>Settings for a service process that one client on 127.0.0.1 signs into as many supporters (linked into the benchmarks too).</summary>
public static class OneClient
{
    // One test client or load generator plays hundreds or thousands of supporters: every per-client and
    // per-network signing limit, the concurrency cap and the challenge thresholds would refuse it. Everything
    // else is as shipped.
    public static readonly string[] ManySupporters =
    [
        "--RateLimits:Signing:Burst=1000000000", "--RateLimits:Signing:Sustained=1000000000",
        "--RateLimits:Signing:NetworkBurst=1000000000", "--RateLimits:Signing:NetworkSustained=1000000000",
        "--RateLimits:Shedding:ConcurrentSignings=1000000",
        "--Abuse:Challenge:ClientPerHour=0", "--Abuse:Challenge:NetworkPerHour=0", "--Abuse:Challenge:CampaignPerMinute=0",
    ];
}
