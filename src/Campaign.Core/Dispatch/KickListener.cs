using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Core.Dispatch;

/// <summary>
/// Hears the kicks of other processes (PostgreSQL LISTEN on <see cref="DispatchScheduler.Channel"/>) and wakes
/// this process's dispatcher. A lost connection is opened again; while it is down the safety net still runs.
/// </summary>
public sealed partial class KickListener(NpgsqlDataSource dataSource, DispatchScheduler scheduler, TimeProvider time, ILogger<KickListener> logger,
    Storage.DatabaseOptions? database = null)
    : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is NpgsqlException or TimeoutException or IOException)
            {
                LogListenFailed(e.GetType().Name);
                await Task.Delay(Reconnect, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        // Behind a transaction pooler, LISTEN needs a session of its own: a direct connection to PostgreSQL.
        await using var connection = database is { Pooled: true, ListenConnectionString: { Length: > 0 } direct }
            ? new NpgsqlConnection(direct)
            : await dataSource.OpenConnectionAsync(stoppingToken);
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, notification) =>
        {
            if (notification.Payload != scheduler.ProcessTag) scheduler.WakeHere();
        };
        await using (var listen = new NpgsqlCommand($"listen {DispatchScheduler.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        // Anything kicked while this process was not yet (or no longer) listening.
        scheduler.WakeHere();
        while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection that hears other processes' kicks ({Error}); listening again shortly")]
    private partial void LogListenFailed(string error);
}
