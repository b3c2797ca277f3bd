using Campaign.Core.Privacy;
using Npgsql;

namespace Campaign.Service.Hosting;

/// <summary>
/// Looks for keys a <c>rotate-key</c> run added, every <see cref="KeyRing.RefreshInterval"/>, so a running
/// process starts sealing under the new key without a restart (and the rotation can finish).
/// </summary>
public sealed partial class KeyRingRefresh(KeyRing ring, TimeProvider time, ILogger<KeyRingRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(KeyRing.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ring.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogRefreshFailed(e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for new data keys: {Reason}; trying again shortly")]
    private partial void LogRefreshFailed(string reason);
}
