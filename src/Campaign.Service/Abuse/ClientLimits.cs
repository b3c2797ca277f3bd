using System.Threading.RateLimiting;

namespace Campaign.Service.Abuse;

/// <summary>Every action's limit, and the one limit signing shares across all clients (load shedding).</summary>
public sealed class ClientLimits : IDisposable
{
    private readonly Dictionary<LimitedAction, ClientLimit> limits;
    private readonly ConcurrencyLimiter signings;
    private readonly SheddingOptions shedding;

    public ClientLimits(RateLimitOptions options)
    {
        limits = new()
        {
            [LimitedAction.Signing] = new(LimitedAction.Signing, options.Signing),
            [LimitedAction.Confirming] = new(LimitedAction.Confirming, options.Confirming),
            [LimitedAction.Erasure] = new(LimitedAction.Erasure, options.Erasure),
            [LimitedAction.AdminKey] = new(LimitedAction.AdminKey, options.AdminKey),
        };
        shedding = options.Shedding;
        // QueueLimit 0: a request that would wait is answered at once; waiting is what turns a surge into timeouts.
        signings = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = shedding.ConcurrentSignings, QueueLimit = 0 });
    }

    public ClientLimit For(LimitedAction action) => limits[action];

    /// <summary>A place among the signings in progress, held until the lease is disposed; or the refusal.</summary>
    public (RateLimitLease? Lease, LimitRefusal? Refusal) TryStartSigning()
    {
        var lease = signings.AttemptAcquire();
        if (lease.IsAcquired) return (lease, null);
        lease.Dispose();
        return (null, new LimitRefusal(LimitedAction.Signing, LimitScope.Everyone, "Concurrent", shedding.ConcurrentSignings, TimeSpan.Zero, shedding.RetryAfter));
    }

    public void Dispose()
    {
        foreach (var limit in limits.Values) limit.Dispose();
        signings.Dispose();
    }
}
