namespace Campaign.Core.Signatures;

/// <summary>
/// One value that many readers share, loaded at most once per <paramref name="period"/> however many ask.
/// A reader never waits for a reload: while one runs, everyone gets the value before it (stale-while-revalidate);
/// only the very first readers, with nothing to show yet, wait for the first load — together, on one load.
/// </summary>
/// <remarks>
/// The load is started once and never cancelled by a reader: one visitor closing their tab must not fail the
/// load that a thousand others are waiting on. A failed reload keeps the last value and is retried no sooner
/// than a period later, so a database in trouble is not hit harder by a surge of readers.
/// </remarks>
public sealed class SharedRefresh<T>(Func<CancellationToken, Task<T>> load, TimeProvider time, TimeSpan period, Action<Exception>? failed = null)
    where T : class
{
    private readonly Lock gate = new();
    private T? value;
    private DateTimeOffset loadedAt;    // when the load that gave `value` started: what it saw is at least that fresh
    private DateTimeOffset triedAt;
    private Task<T>? loading;

    public async Task<T> GetAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<T>? mine = null;
        Task<T>? first = null;
        T? last;
        DateTimeOffset now;
        lock (gate)
        {
            now = time.GetUtcNow();
            last = value;
            if (last is not null && now - loadedAt < period) return last;
            if (loading is null && (last is null || now - triedAt >= period))
            {
                mine = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                loading = mine.Task;
                triedAt = now;
            }
            if (last is null) first = loading;
        }
        if (mine is not null) _ = LoadAsync(mine, now);
        return last ?? await first!.WaitAsync(cancellationToken);
    }

    private async Task LoadAsync(TaskCompletionSource<T> done, DateTimeOffset startedAt)
    {
        try
        {
            var loaded = await load(CancellationToken.None);
            lock (gate)
            {
                value = loaded;
                loadedAt = startedAt;
                loading = null;
            }
            done.SetResult(loaded);
        }
        catch (Exception exception)
        {
            lock (gate) loading = null;
            failed?.Invoke(exception);
            done.SetException(exception);
            // Nobody may be waiting (a reload behind a stale value): the failure has been reported, not left unobserved.
            _ = done.Task.Exception;
        }
    }
}
