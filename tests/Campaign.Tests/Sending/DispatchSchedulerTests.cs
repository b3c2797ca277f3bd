using Campaign.Core.Dispatch;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Campaign.Tests.Sending;

/// <summary>
/// The one way the dispatcher is woken: a throttle slot or retry that opens in a second wakes it in a second,
/// the earliest wake-up wins, a burst of kicks makes one run, and a kick in one process reaches the dispatcher
/// of another through PostgreSQL. The database is real; the clock is fake where the test is about time.
/// </summary>
public sealed class DispatchSchedulerTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private NpgsqlDataSource dataSource = null!;
    private DispatchScheduler scheduler = null!;

    public async Task InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateDatabaseAsync(nameof(DispatchSchedulerTests)));
        scheduler = NewScheduler(clock);
    }

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    public void Dispose() => scheduler.Dispose();

    [Fact]
    public void WakeAt_OneSecondAhead_WakesWhenTheSecondHasPassedAndNotBefore()
    {
        var woken = scheduler.WaitAsync(CancellationToken.None);
        scheduler.WakeAt(clock.GetUtcNow().AddSeconds(1));

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(woken.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(woken.IsCompletedSuccessfully);
    }

    [Fact]
    public void WakeAt_LaterWhileEarlierIsAhead_IsDropped_AndEarlierReplacesLater()
    {
        var start = clock.GetUtcNow();
        scheduler.WakeAt(start.AddSeconds(10));
        scheduler.WakeAt(start.AddSeconds(20)); // the run at 10 s will look again
        scheduler.WakeAt(start.AddSeconds(2)); // comes first, so it wins

        var first = scheduler.WaitAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(first.IsCompletedSuccessfully);

        var second = scheduler.WaitAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(second.IsCompleted);
    }

    [Fact]
    public void WakeAt_AfterTheLastWakeUpFired_SchedulesAgain()
    {
        scheduler.WakeAt(clock.GetUtcNow().AddSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(scheduler.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);

        var again = scheduler.WaitAsync(CancellationToken.None);
        scheduler.WakeAt(clock.GetUtcNow().AddSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(again.IsCompletedSuccessfully);
    }

    [Fact]
    public void WakeAt_WhoseMomentCameBeforeItsTimerRan_IsNotLostWhenTheLoopAsksForItsSafetyNet()
    {
        var late = new LateTimers(clock.GetUtcNow());
        using var scheduler = NewScheduler(late);
        var woken = scheduler.WaitAsync(CancellationToken.None);
        scheduler.WakeAt(late.Now.AddMilliseconds(4)); // the next throttle slot of a fast target

        late.Now = late.Now.AddMilliseconds(10); // the moment passes; the busy thread pool has not run the timer yet
        scheduler.WakeAt(late.Now + DispatchLoop.SafetyNet); // what the loop asks for before it waits
        late.RunDue();

        Assert.True(woken.IsCompletedSuccessfully);
    }

    [Fact]
    public void Kick_ManyTimesWhileTheDispatcherIsBusy_MakesOneMoreRun()
    {
        for (var i = 0; i < 100; i++) scheduler.Kick();

        Assert.True(scheduler.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(scheduler.WaitAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Kick_InAProcessWithoutADispatcher_WakesTheDispatcherOfAnotherProcess()
    {
        // Two schedulers on one database stand for a web process and a worker process.
        using var web = NewScheduler(TimeProvider.System);
        using var worker = NewScheduler(TimeProvider.System);
        using var listener = new KickListener(dataSource, worker, TimeProvider.System, NullLogger<KickListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        try
        {
            // The listener wakes its dispatcher once it listens, for whatever was kicked before.
            await worker.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

            web.Kick();

            await worker.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Kick_HeardBackFromTheDatabase_DoesNotWakeItsOwnProcessTwice()
    {
        using var worker = NewScheduler(TimeProvider.System);
        using var observer = NewScheduler(TimeProvider.System); // another worker process, to see the announcement arrive
        using var workerListener = new KickListener(dataSource, worker, TimeProvider.System, NullLogger<KickListener>.Instance);
        using var observerListener = new KickListener(dataSource, observer, TimeProvider.System, NullLogger<KickListener>.Instance);
        await workerListener.StartAsync(CancellationToken.None);
        await observerListener.StartAsync(CancellationToken.None);
        try
        {
            await worker.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            await observer.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

            worker.Kick();

            // Its own dispatcher is woken at once, in the process; the other process hears the announcement.
            Assert.True(worker.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
            await observer.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            // The same notification reached the worker's listener too, and woke nothing.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            Assert.False(worker.WaitAsync(CancellationToken.None).IsCompleted);
        }
        finally
        {
            await workerListener.StopAsync(CancellationToken.None);
            await observerListener.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A clock whose timers run only when the test says, as a thread pool too busy to run them on time would.</summary>
    private sealed class LateTimers(DateTimeOffset start) : TimeProvider
    {
        private readonly List<Held> timers = [];

        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var held = new Held(callback, state, Now + dueTime);
            timers.Add(held);
            return held;
        }

        public void RunDue()
        {
            foreach (var held in timers.Where(t => !t.Disposed && t.Due <= Now).ToList()) held.Run();
        }

        private sealed class Held(TimerCallback callback, object? state, DateTimeOffset due) : ITimer
        {
            public DateTimeOffset Due => due;
            public bool Disposed { get; private set; }
            public void Run() { Disposed = true; callback(state); }
            public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();
            public void Dispose() => Disposed = true;
            public ValueTask DisposeAsync() { Dispose(); return ValueTask.CompletedTask; }
        }
    }

    private DispatchScheduler NewScheduler(TimeProvider time) => new(dataSource, time, NullLogger<DispatchScheduler>.Instance);
}
