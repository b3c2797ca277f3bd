using Campaign.Core.Dispatch;
using Campaign.Tests.Infrastructure;
using Hangfire.PostgreSql.Factories;
using Hangfire.PostgreSql;
using Hangfire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Campaign.Tests.Sending;

/// <summary>
/// A throttle slot or retry that opens in a second gets its dispatcher run in a second, not at Hangfire's next
/// look at scheduled jobs. The job store is real; the clock is fake.
/// </summary>
public sealed class DispatchWakeUpsTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private string connectionString = null!;
    private DispatchWakeUps wakeUps = null!;

    public async Task InitializeAsync()
    {
        connectionString = await TestDatabase.CreateDatabaseAsync(nameof(DispatchWakeUpsTests));
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        wakeUps = new DispatchWakeUps(new BackgroundJobClient(storage), clock, NullLogger<DispatchWakeUps>.Instance);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => wakeUps.Dispose();

    [Fact]
    public async Task RunAt_OneSecondAhead_EnqueuesTheDispatcherWhenTheSecondHasPassedAndNotBefore()
    {
        wakeUps.RunAt(clock.GetUtcNow().AddSeconds(1));

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, await EnqueuedDispatcherRunsAsync());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await EnqueuedDispatcherRunsAsync());
        Assert.Equal(0, await ScheduledJobsAsync());
    }

    [Fact]
    public async Task RunAt_LaterWhileEarlierIsAhead_IsDropped_AndEarlierReplacesLater()
    {
        var start = clock.GetUtcNow();
        wakeUps.RunAt(start.AddSeconds(10));
        wakeUps.RunAt(start.AddSeconds(20)); // the run at 10 s will look again
        wakeUps.RunAt(start.AddSeconds(2)); // comes first, so it wins

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await EnqueuedDispatcherRunsAsync());
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await EnqueuedDispatcherRunsAsync());
    }

    [Fact]
    public async Task RunAt_AfterTheLastWakeUpFired_SchedulesAgain()
    {
        wakeUps.RunAt(clock.GetUtcNow().AddSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        wakeUps.RunAt(clock.GetUtcNow().AddSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, await EnqueuedDispatcherRunsAsync());
    }

    private Task<long> EnqueuedDispatcherRunsAsync() => CountAsync(
        $"select count(*) from hangfire.job where statename = 'Enqueued' and invocationdata::text like '%{nameof(Dispatcher)}%{nameof(Dispatcher.DrainAsync)}%'");

    private Task<long> ScheduledJobsAsync() => CountAsync("select count(*) from hangfire.job where statename = 'Scheduled'");

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
