using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Campaign.Core.Dispatch;

/// <summary>
/// A worker process's dispatcher: one loop that sleeps until <see cref="DispatchScheduler"/> wakes it, runs
/// the dispatcher once, and asks to be woken when the next mail becomes sendable. It never waits longer
/// than <see cref="SafetyNet"/>, so mail whose kick was lost (another process died right after committing)
/// still leaves within a minute. Hangfire keeps what is truly scheduled (deliveries, opening and closing,
/// clean-up); sending needs no job store between two runs.
/// </summary>
public sealed partial class DispatchLoop(Dispatcher dispatcher, DispatchScheduler scheduler, TimeProvider time, ILogger<DispatchLoop> logger,
    Storage.DatabaseOptions? database = null)
    : BackgroundService
{
    // Where no kick can be heard (behind a transaction pooler with no direct connection to LISTEN on), the
    // safety net is all there is, so it comes round as often as Database:PollInterval says.
    private readonly TimeSpan longestSleep = database?.LongestSleep(SafetyNet) ?? SafetyNet;

    public static readonly TimeSpan SafetyNet = TimeSpan.FromMinutes(1);

    // After a run that failed (the database went away), the next one waits a little instead of spinning.
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(5);

    private long runs;

    /// <summary>How many times the dispatcher has run in this process.</summary>
    public long Runs => Interlocked.Read(ref runs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        scheduler.WakeHere(); // send what a previous run left due
        while (!stoppingToken.IsCancellationRequested)
        {
            scheduler.WakeAt(time.GetUtcNow() + longestSleep);
            try
            {
                await scheduler.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Interlocked.Increment(ref runs);
            try
            {
                if (await dispatcher.DrainAsync(stoppingToken) is { } next) scheduler.WakeAt(next);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The exception's type only: a database error's text can quote the row it was about.
                LogRunFailed(e.GetType().Name);
                scheduler.WakeAt(time.GetUtcNow() + AfterFailure);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dispatcher run failed ({Error}); the next one starts shortly")]
    private partial void LogRunFailed(string error);
}
