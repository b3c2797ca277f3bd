using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Abuse;

/// <summary>
/// The service behind a proxy on loopback, with the rate limits out of the way and low challenge thresholds: two
/// signatures an hour per client, four per network; no campaign threshold (a test of its own has one).
/// </summary>
public class ChallengedService : ServiceFixture
{
    protected virtual int ClientPerHour => 2;
    protected virtual int NetworkPerHour => 4;
    protected virtual int CampaignPerMinute => 0;

    protected override IEnumerable<string> ExtraSettings =>
    [
        "--Network:KnownProxies:0=127.0.0.1",
        "--RateLimits:Signing:Burst=1000", "--RateLimits:Signing:Sustained=1000",
        "--RateLimits:Signing:NetworkBurst=1000", "--RateLimits:Signing:NetworkSustained=1000",
        $"--Abuse:Challenge:ClientPerHour={ClientPerHour}",
        $"--Abuse:Challenge:NetworkPerHour={NetworkPerHour}",
        $"--Abuse:Challenge:CampaignPerMinute={CampaignPerMinute}",
        // Small, so the tests solve fast; the browser's work is the same loop.
        "--Abuse:Challenge:MaxNumber=2000",
    ];
}

/// <summary>Only the campaign threshold: three signatures a minute to one campaign, whoever signs.</summary>
public sealed class CampaignChallengedService : ChallengedService
{
    protected override int ClientPerHour => 0;
    protected override int NetworkPerHour => 0;
    protected override int CampaignPerMinute => 3;
}
