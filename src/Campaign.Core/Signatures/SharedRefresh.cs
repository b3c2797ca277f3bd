namespace Campaign.Core.Signatures;

/// <summary>
/// One value that many readers share, loaded at most once per <paramref name="period"/> however many ask.
/// While a reload runs, readers get the value before it (stale-while-revalidate), so under steady reading nobody
/// waits. Readers wait — together, on one load — only when there is nothing to show yet, or when what there is
/// was loaded <paramref name="staleAtMost"/> ago or more: after a quiet spell the first readers get today's value,
/// not the one from before the quiet.
/// </summary>
/// <remarks>
/// The load is started once and never cancelled by a reader: one visitor closing their tab must not fail the
/// load that a thousand others are waiting on. A failed reload keeps the last value and is retried no sooner
/// than a period later, so a database in trouble is not hit harder by a surge of readers.
/// </remarks>
public sealed class SharedRefresh<T>(Func<CancellationToken, Task<T>> load, TimeProvider time, TimeSpan period, TimeSpan staleAtMost,
    Action<Exception>? failed = null)
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
        Task<T>? wait = null;
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
            // A failed reload is not retried before its period is out: meanwhile even a too old value is shown.
            if (last is null || now - loadedAt >= staleAtMost) wait = loading;
        }
        if (mine is not null) _ = LoadAsync(mine, now);
        if (wait is null) return last!;
        if (last is null) return await wait.WaitAsync(cancellationToken);
        try
        {
            return await wait.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return last; // the failure is reported once, by the load; an old value beats an error page
        }
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
