using System.Net;
using System.Threading.RateLimiting;

namespace Campaign.Service.Inbound;

/// <summary>
/// Messages per minute from one client address (<c>Inbound:MessagesPerMinutePerClient</c>), so one sender — a
/// broken mail loop or someone probing for addresses — cannot fill the database or keep the worker busy.
/// </summary>
internal sealed class InboundRateLimit(int messagesPerMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = messagesPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Takes one message from the client's allowance; false when the minute's allowance is spent.</summary>
    public bool TryTake(IPAddress client)
    {
        using var lease = limiter.AttemptAcquire(client);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
