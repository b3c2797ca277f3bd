using Campaign.Core.Outbox;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Core.Dispatch;

/// <summary>
/// The one place that wakes the dispatcher, one per process, on one clock (<see cref="TimeProvider"/>).
/// A kick wakes this process's <see cref="DispatchLoop"/> at once and tells every other process through
/// PostgreSQL's NOTIFY, so mail queued by a web process leaves from a worker within milliseconds. A wake-up at
/// a moment (a throttle slot, a retry, an office opening, the safety net) is a timer in this process; the
/// earliest one asked for wins. Wakes that arrive while the loop is busy count as one more run, never more.
/// </summary>
public sealed partial class DispatchScheduler(NpgsqlDataSource dataSource, TimeProvider time, ILogger<DispatchScheduler> logger)
    : IDispatchScheduler, IDisposable
{
    /// <summary>The PostgreSQL channel that carries kicks between processes.</summary>
    public const string Channel = "campaign_dispatch";

    private readonly Lock gate = new();
    private readonly SemaphoreSlim wake = new(0, 1);
    private DateTimeOffset? scheduled;
    private ITimer? timer;
    private bool disposed;

    // Kicks between processes: one NOTIFY in flight at a time; kicks meanwhile make one more after it.
    private int announceRequested;
    private int announcing;

    /// <summary>Tells this process's own notifications from those of other processes.</summary>
    public string ProcessTag { get; } = Guid.NewGuid().ToString("N");

    public void Kick()
    {
        WakeHere();
        Announce();
    }

    public void WakeAt(DateTimeOffset when)
    {
        lock (gate)
        {
            if (disposed) return;
            // The earlier wake-up stands, even one whose moment has come but whose timer has not run yet (a busy
            // thread pool): replacing it then would lose it, and the mail would wait for the safety net.
            if (scheduled is { } pending && pending <= when) return;
            scheduled = when;
            timer?.Dispose();
            var delay = when - time.GetUtcNow();
            timer = time.CreateTimer(_ => Fire(when), null, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire(DateTimeOffset when)
    {
        lock (gate)
        {
            // From now on any wake-up asked for is the next one.
            if (scheduled == when) scheduled = null;
        }
        WakeHere();
    }

    /// <summary>Wakes this process's loop only (a notification from another process, a timer).</summary>
    public void WakeHere()
    {
        lock (gate)
        {
            if (!disposed && wake.CurrentCount == 0) wake.Release();
        }
    }

    /// <summary>Waits until something wakes the dispatcher; every wake since the last wait counts as one.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => wake.WaitAsync(cancellationToken);

    private void Announce()
    {
        Volatile.Write(ref announceRequested, 1);
        if (Interlocked.CompareExchange(ref announcing, 1, 0) == 0) _ = AnnounceAsync();
    }

    private async Task AnnounceAsync()
    {
        await Task.Yield(); // the caller (a request, a job) does not wait for the database
        while (true)
        {
            while (Interlocked.Exchange(ref announceRequested, 0) == 1) await NotifyAsync();
            Volatile.Write(ref announcing, 0);
            // A kick that came after the last look but before announcing was cleared is not lost.
            if (Volatile.Read(ref announceRequested) == 0 || Interlocked.CompareExchange(ref announcing, 1, 0) != 0) return;
        }
    }

    private async Task NotifyAsync()
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var notify = new NpgsqlCommand("select pg_notify(@channel, @tag)", connection)
            {
                Parameters = { new("channel", Channel), new("tag", ProcessTag) },
            };
            await notify.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or ObjectDisposedException)
        {
            // Other processes then find the mail at their next wake-up (at the latest the safety net).
            LogAnnounceFailed(e.GetType().Name);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            timer?.Dispose();
        }
        wake.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell other processes that mail is due ({Error}); they find it at their next wake-up")]
    private partial void LogAnnounceFailed(string error);
}
