using Campaign.Core.Outbox;
using Microsoft.Extensions.Options;

namespace Campaign.Core.Dispatch;

/// <summary>Growing, jittered delays between attempts, until the retry window closes.</summary>
/// <param name="randomizer">A number in [0, 1) for the jitter; tests pass a fixed one.</param>
public sealed class RetryPolicy(IOptions<DeliveryOptions> options, Func<double> randomizer)
{
    // Doubling stops here: 2^20 base delays is past any sensible RetryMaxDelay, and for a base delay under
    // ten days it still fits in a long of ticks.
    private const int LongestExponent = 20;

    public RetryPolicy(IOptions<DeliveryOptions> options) : this(options, Random.Shared.NextDouble)
    {
    }

    /// <summary>When to try again after <paramref name="attempts"/> attempts, or null when the window is spent.</summary>
    public DateTimeOffset? NextAttempt(int attempts, DateTimeOffset queuedAt, DateTimeOffset now, TimeSpan? serverAsked = null)
    {
        var settings = options.Value;
        var exponent = Math.Min(Math.Max(attempts - 1, 0), LongestExponent);
        var delay = TimeSpan.FromTicks(Math.Min(settings.RetryBaseDelay.Ticks * (1L << exponent), settings.RetryMaxDelay.Ticks));
        // ±20% jitter spreads a crowd of retries that failed together.
        delay *= 0.8 + randomizer() * 0.4;
        if (serverAsked is { } asked && asked > delay) delay = asked;
        var next = now + delay;
        return next > queuedAt + settings.RetryWindow ? null : next;
    }
}
