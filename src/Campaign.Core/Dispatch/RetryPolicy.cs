using Campaign.Core.Outbox;
using Microsoft.Extensions.Options;

namespace Campaign.Core.Dispatch;

/// <summary>Growing, jittered delays between attempts, until the retry window closes.</summary>
public sealed class RetryPolicy(IOptions<DeliveryOptions> options)
{
    /// <summary>When to try again after <paramref name="attempts"/> attempts, or null when the window is spent.</summary>
    public DateTimeOffset? NextAttempt(int attempts, DateTimeOffset queuedAt, DateTimeOffset now, TimeSpan? serverAsked = null)
    {
        var settings = options.Value;
        var exponent = Math.Min(Math.Max(attempts - 1, 0), 20);
        var delay = TimeSpan.FromTicks(Math.Min(settings.RetryBaseDelay.Ticks * (1L << exponent), settings.RetryMaxDelay.Ticks));
        // ±20% jitter spreads a crowd of retries that failed together.
        delay *= 0.8 + Random.Shared.NextDouble() * 0.4;
        if (serverAsked is { } asked && asked > delay) delay = asked;
        var next = now + delay;
        return next > queuedAt + settings.RetryWindow ? null : next;
    }
}
