using Hangfire;

namespace Campaign.Core.Sending;

/// <summary>
/// Schedules a dispatcher run for the moment mail becomes sendable (a throttle slot, a retry, a probe).
/// One wake-up per process is enough: a later request is dropped while an earlier one is still ahead.
/// </summary>
public sealed class DispatchWakeUps(IBackgroundJobClient jobs, TimeProvider time)
{
    private readonly Lock gate = new();
    private DateTimeOffset? scheduled;

    public void RunAt(DateTimeOffset when)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (scheduled is { } pending && pending > now && pending <= when) return;
            scheduled = when;
        }
        var delay = when - now;
        jobs.Schedule<Dispatcher>(d => d.DrainAsync(CancellationToken.None), delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
    }
}
