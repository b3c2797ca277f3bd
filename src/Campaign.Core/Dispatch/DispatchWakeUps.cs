using Hangfire;
using Microsoft.Extensions.Logging;

namespace Campaign.Core.Dispatch;

/// <summary>
/// Enqueues a dispatcher run at the moment mail becomes sendable (a throttle slot, a retry, a probe).
/// The wait is a timer in this process, not a Hangfire scheduled job: Hangfire looks at scheduled jobs only
/// every few seconds, which stretched a one-second throttle gap to five. If the process dies first, the
/// minutely safety net runs the dispatcher anyway. One wake-up per process is enough: a later request is
/// dropped while an earlier one is still ahead.
/// </summary>
public sealed partial class DispatchWakeUps(IBackgroundJobClient jobs, TimeProvider time, ILogger<DispatchWakeUps> logger) : IDisposable
{
    private readonly Lock gate = new();
    private DateTimeOffset? scheduled;
    private ITimer? timer;

    public void RunAt(DateTimeOffset when)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (scheduled is { } pending && pending > now && pending <= when) return;
            scheduled = when;
            timer?.Dispose();
            var delay = when - now;
            timer = time.CreateTimer(_ => Wake(), null, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Wake()
    {
        try
        {
            jobs.Enqueue<Dispatcher>(d => d.DrainAsync(CancellationToken.None));
        }
        catch (Exception e)
        {
            // A timer callback must not throw (it would end the process); the safety net covers this run.
            LogWakeUpFailed(e.GetType().Name);
        }
    }

    public void Dispose()
    {
        lock (gate) timer?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not enqueue a dispatcher wake-up ({Error}); the minutely run will send instead")]
    private partial void LogWakeUpFailed(string error);
}
