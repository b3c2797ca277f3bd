using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Abuse;

/// <summary>What the gate says to one signing attempt.</summary>
/// <param name="Challenge">The challenge to solve when the attempt may not go on without one; null when it may.</param>
/// <param name="Check">How the solution sent with the attempt fared (Missing when none was needed and none sent).</param>
public sealed record GateAnswer(WorkChallenge? Challenge, WorkCheck Check)
{
    public bool MayGoOn => Challenge is null;
}

/// <summary>
/// The step before a signature is taken: asks for a proof of work when the client, its network or the campaign
/// has been signing more than <see cref="ChallengeOptions"/> allows, and never otherwise. Counted per attempt that
/// reaches the gate, whether it is then taken or not.
/// </summary>
public sealed class SigningGate : IDisposable
{
    private readonly ProofOfWork work;
    private readonly Threshold[] thresholds;

    public SigningGate(ProofOfWork work, IOptions<ChallengeOptions> options)
    {
        this.work = work;
        var settings = options.Value;
        thresholds =
        [
            new(ThresholdScope.Client, settings.ClientPerHour, TimeSpan.FromHours(1)),
            new(ThresholdScope.Network, settings.NetworkPerHour, TimeSpan.FromHours(1)),
            new(ThresholdScope.Campaign, settings.CampaignPerMinute, TimeSpan.FromMinutes(1)),
        ];
    }

    /// <summary>The challenge a sign form shown now should carry, or null when signing needs none.</summary>
    public WorkChallenge? ChallengeFor(HttpContext http, string campaign) => Demanded(Keys(http, campaign)) ? work.Issue() : null;

    /// <summary>Counts a signing attempt and says whether it may go on with the solution it carries.</summary>
    /// <param name="solution">The posted <c>challenge</c> field, if any.</param>
    public GateAnswer Pass(HttpContext http, string campaign, string? solution)
    {
        var keys = Keys(http, campaign);
        var demanded = Demanded(keys);
        // Checked even when not demanded: a solution sent is used up either way, so it cannot be kept for later.
        var check = work.Check(solution);
        if (demanded && check != WorkCheck.Valid) return new GateAnswer(work.Issue(), check);
        foreach (var threshold in thresholds) threshold.Count(keys);
        return new GateAnswer(null, check);
    }

    public void Dispose()
    {
        foreach (var threshold in thresholds) threshold.Dispose();
    }

    private bool Demanded(string[] keys) => thresholds.Any(t => t.IsReached(keys));

    private static string[] Keys(HttpContext http, string campaign)
    {
        var client = ClientKeys.Of(http.Connection.RemoteIpAddress);
        return [client.Client, client.Network, campaign];
    }

    private enum ThresholdScope { Client, Network, Campaign }

    /// <summary>One sliding window per key; reached when the window holds as many attempts as the threshold.</summary>
    private sealed class Threshold(ThresholdScope scope, int limit, TimeSpan window) : IDisposable
    {
        private readonly PartitionedRateLimiter<string>? limiter = limit == 0 ? null : ClientLimit.SlidingWindows(limit, window);

        // Asking for no permit takes nothing and fails only when none is left.
        public bool IsReached(string[] keys)
        {
            if (limiter is null) return false;
            using var lease = limiter.AttemptAcquire(keys[(int)scope], 0);
            return !lease.IsAcquired;
        }

        public void Count(string[] keys) => limiter?.AttemptAcquire(keys[(int)scope]).Dispose();

        public void Dispose() => limiter?.Dispose();
    }
}
