using System.Threading.RateLimiting;

namespace Campaign.Service.Abuse;

/// <summary>
/// One action's limit: four sliding windows taken in turn — the client's burst and sustained windows, then its
/// network's — and the first that is full refuses. A client already refused takes nothing from its network, so
/// one eager client does not use up its neighbours' allowance with requests that were refused anyway.
/// </summary>
/// <remarks>
/// In memory, per process: several web processes behind one proxy each allow the configured figures. Idle
/// windows are dropped by the partitioned limiters, so a spray of addresses costs memory only while it lasts.
/// </remarks>
public sealed class ClientLimit : IDisposable
{
    // Six segments: a window slides in sixths, so permits come back in steps of a sixth rather than all at once.
    private const int Segments = 6;

    // The period of the timer by which PartitionedRateLimiter replenishes its partitions (System.Threading.RateLimiting).
    private static readonly TimeSpan ReplenishTimer = TimeSpan.FromMilliseconds(100);

    private readonly LimitedAction action;
    private readonly Window[] windows;

    public ClientLimit(LimitedAction action, WindowLimitOptions options)
    {
        this.action = action;
        windows =
        [
            new(LimitScope.Client, nameof(options.Burst), options.Burst, options.BurstWindow),
            new(LimitScope.Client, nameof(options.Sustained), options.Sustained, options.SustainedWindow),
            new(LimitScope.Network, nameof(options.Burst), options.NetworkBurst, options.BurstWindow),
            new(LimitScope.Network, nameof(options.Sustained), options.NetworkSustained, options.SustainedWindow),
        ];
    }

    /// <summary>Takes <paramref name="permits"/> from every window, or names the first window that had none left.</summary>
    /// <param name="permits">0 only asks whether the client is refused now, taking nothing.</param>
    public LimitRefusal? TryTake(ClientKeys keys, int permits = 1)
    {
        foreach (var window in windows)
        {
            using var lease = window.Limiter.AttemptAcquire(window.Scope == LimitScope.Client ? keys.Client : keys.Network, permits);
            // The window's own lease carries no Retry-After; the time the window takes to slide by its whole length
            // is the honest answer: by then everything this client spent in it has slid out.
            if (!lease.IsAcquired) return new LimitRefusal(action, window.Scope, window.Name, window.Permits, window.Length, window.SlidesOut);
        }
        return null;
    }

    public void Dispose()
    {
        foreach (var window in windows) window.Limiter.Dispose();
    }

    private sealed class Window(LimitScope scope, string name, int permits, TimeSpan length)
    {
        public LimitScope Scope => scope;
        public string Name => name;
        public int Permits => permits;
        public TimeSpan Length => length;
        public TimeSpan SlidesOut { get; } = SlideTime(length);

        public PartitionedRateLimiter<string> Limiter { get; } = SlidingWindows(permits, length);
    }

    /// <summary>
    /// How long a window takes to slide by its whole length. A partitioned limiter slides its windows only on its
    /// own 100 ms timer, and each slide waits a full segment after the one before, so a segment of 333 ms takes
    /// 400 ms: a 2-second window takes 2.4 s, and a Retry-After of 2 would send the client back too early.
    /// </summary>
    private static TimeSpan SlideTime(TimeSpan length)
    {
        var segment = length / Segments;
        var ticks = (segment.Ticks + ReplenishTimer.Ticks - 1) / ReplenishTimer.Ticks;
        return TimeSpan.FromTicks(ticks * ReplenishTimer.Ticks) * Segments;
    }

    /// <summary>A sliding window of <paramref name="permits"/> per key that never queues; also the challenge's thresholds.</summary>
    internal static PartitionedRateLimiter<string> SlidingWindows(int permits, TimeSpan length) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = length,
            SegmentsPerWindow = Segments,
            QueueLimit = 0,
        }));
}
