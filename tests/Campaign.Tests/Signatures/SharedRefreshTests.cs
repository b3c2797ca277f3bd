using Campaign.Core.Signatures;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.Signatures;

/// <summary>
/// The public count's refresher on its own, with a slow count that the test lets finish: a surge of readers
/// costs one count, never one each, and nobody waits for a recount once there is a count to show.
/// </summary>
public sealed class SharedRefreshTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StaleAtMost = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-03-21T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly SlowCount count = new();
    private readonly List<Exception> failures = [];
    private readonly SharedRefresh<string> refresh;

    public SharedRefreshTests() => refresh = new SharedRefresh<string>(count.LoadAsync, clock, Second, StaleAtMost, failures.Add);

    [Fact]
    public async Task GetAsync_ManyReadersOnAColdCache_ShareOneCount()
    {
        // Each reader on a thread of its own; once all have asked, none has an answer yet and one count runs.
        var readers = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Factory.StartNew(() => refresh.GetAsync(),
            CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default)));
        Assert.Equal(1, count.Started);
        Assert.All(readers, r => Assert.False(r.IsCompleted));

        count.Finish("1,000");

        Assert.All(await Task.WhenAll(readers), value => Assert.Equal("1,000", value));
        Assert.Equal(1, count.Started);
    }

    [Fact]
    public async Task GetAsync_WithinASecondOfTheCount_CountsNothingAgain()
    {
        await CountedAsync("1,000");
        clock.Advance(Second - TimeSpan.FromMilliseconds(1));

        Assert.Equal("1,000", await refresh.GetAsync());
        Assert.Equal(1, count.Started);
    }

    [Fact]
    public async Task GetAsync_PastASecond_AnswersTheLastCountAtOnceWhileOneRecountRuns()
    {
        await CountedAsync("1,000");
        clock.Advance(Second);

        var during = Enumerable.Range(0, 32).Select(_ => refresh.GetAsync()).ToArray();

        Assert.All(during, r => Assert.Equal("1,000", r.IsCompletedSuccessfully ? r.Result : "still waiting"));
        Assert.Equal(2, count.Started);
        count.Finish("1,001");
        await ServiceFixture.EventuallyAsync(async () => await refresh.GetAsync() == "1,001", Soon, "the recount shown");
        Assert.Equal(2, count.Started);
    }

    [Fact]
    public async Task GetAsync_AfterAQuietSpell_ReadersWaitTogetherForACurrentCount()
    {
        await CountedAsync("1,000");
        clock.Advance(StaleAtMost);

        var readers = Enumerable.Range(0, 16).Select(_ => refresh.GetAsync()).ToArray();

        Assert.All(readers, r => Assert.False(r.IsCompleted));
        Assert.Equal(2, count.Started);
        count.Finish("1,250");
        Assert.All(await Task.WhenAll(readers), value => Assert.Equal("1,250", value));
    }

    [Fact]
    public async Task GetAsync_AfterAQuietSpellTheRecountFails_ReadersGetTheLastCountRatherThanAnError()
    {
        await CountedAsync("1,000");
        clock.Advance(StaleAtMost);

        var reader = refresh.GetAsync();
        count.Fail(new TimeoutException("the database is slow"));

        Assert.Equal("1,000", await reader);
        Assert.IsType<TimeoutException>(Assert.Single(failures));
    }

    [Fact]
    public async Task GetAsync_RecountFails_KeepsTheLastCountAndTriesAgainNoSoonerThanASecondLater()
    {
        await CountedAsync("1,000");
        clock.Advance(Second);
        Assert.Equal("1,000", await refresh.GetAsync());
        count.Fail(new TimeoutException("the database is slow"));
        await ServiceFixture.EventuallyAsync(() => Task.FromResult(failures.Count == 1), Soon, "the failure reported");

        clock.Advance(Second / 2);
        Assert.Equal("1,000", await refresh.GetAsync());
        Assert.Equal(2, count.Started);

        clock.Advance(Second / 2);
        Assert.Equal("1,000", await refresh.GetAsync());
        Assert.Equal(3, count.Started);
        Assert.IsType<TimeoutException>(Assert.Single(failures));
    }

    [Fact]
    public async Task GetAsync_FirstCountFails_EveryWaiterSeesItAndTheNextReaderCountsAgain()
    {
        var waiting = new[] { refresh.GetAsync(), refresh.GetAsync() };
        count.Fail(new TimeoutException("the database is slow"));

        foreach (var waiter in waiting) await Assert.ThrowsAsync<TimeoutException>(() => waiter);
        var next = refresh.GetAsync();
        Assert.Equal(2, count.Started);
        count.Finish("7");
        Assert.Equal("7", await next);
    }

    [Fact]
    public async Task GetAsync_OneWaiterGivesUp_TheOthersStillGetTheCount()
    {
        using var leaving = new CancellationTokenSource();
        var gone = refresh.GetAsync(leaving.Token);
        var staying = refresh.GetAsync();

        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        count.Finish("12");

        Assert.Equal("12", await staying);
        Assert.Equal(1, count.Started);
    }

    private async Task CountedAsync(string value)
    {
        var first = refresh.GetAsync();
        count.Finish(value);
        Assert.Equal(value, await first);
    }

    /// <summary>A count that takes as long as the test wants: each load waits until the test finishes or fails it.</summary>
    private sealed class SlowCount
    {
        private readonly Lock gate = new();
        private TaskCompletionSource<string> current = New();
        private int started;

        public int Started => Volatile.Read(ref started);

        public Task<string> LoadAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref started);
            lock (gate) return current.Task;
        }

        public void Finish(string value) => Next().SetResult(value);

        public void Fail(Exception exception) => Next().SetException(exception);

        private TaskCompletionSource<string> Next()
        {
            lock (gate)
            {
                var finishing = current;
                current = New();
                return finishing;
            }
        }

        private static TaskCompletionSource<string> New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
