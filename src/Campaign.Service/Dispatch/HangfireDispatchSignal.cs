using Campaign.Core.Dispatch;
using Campaign.Core.Outbox;
using Hangfire;

namespace Campaign.Service.Dispatch;

/// <summary>
/// Turns "mail is due" into a dispatcher job. Kicks are coalesced on the trailing edge: the first kick
/// starts a short timer and the job is enqueued when it fires, so every kick is followed by an enqueue
/// made after it (nothing waits for the safety net), and a surge of signatures makes a few jobs, not one each.
/// </summary>
public sealed class HangfireDispatchSignal(IBackgroundJobClient jobs) : IDispatchScheduler, IDisposable
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);
    private int pending;
    private ITimer? timer;

    public void Kick()
    {
        if (Interlocked.Exchange(ref pending, 1) == 1) return;
        timer?.Dispose();
        // Wall-clock time on purpose: coalescing is about the machine's load, not the campaign's calendar,
        // and a test's fake clock must not hold mail back.
        timer = TimeProvider.System.CreateTimer(_ => Enqueue(), null, Coalesce, Timeout.InfiniteTimeSpan);
    }

    private void Enqueue()
    {
        // Cleared before enqueuing: a kick that lands while we enqueue starts the next round.
        Interlocked.Exchange(ref pending, 0);
        try
        {
            jobs.Enqueue<Dispatcher>(d => d.DrainAsync(CancellationToken.None));
        }
        catch (Exception)
        {
            // The job store is unreachable: the recurring safety net sends the mail once it is back.
        }
    }

    // Until the dispatch loop lands, the dispatcher still wakes itself through DispatchWakeUps.
    public void WakeAt(DateTimeOffset when) => throw new NotSupportedException("the dispatcher wakes through DispatchWakeUps");

    public void Dispose() => timer?.Dispose();
}
