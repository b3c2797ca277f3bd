using System.Collections.Concurrent;
using Campaign.Core.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Campaign.Core.Dispatch;

/// <summary>
/// Keeps this worker's claims alive while it lives. Every message a dispatcher lane claims is held here until
/// its outcome is recorded or it is given back; every quarter of <c>Delivery:LeaseDuration</c> their leases are
/// renewed together, whatever the lanes are doing (a relay taking a minute to answer one message included). A
/// worker that dies without warning stops renewing, and its claims come back to the others one lease later —
/// so the lease can be short. A message whose lease could not be renewed in time (the database was away, the
/// process stalled) is lost to this worker: another may have claimed it, and the lane leaves it alone.
/// </summary>
public sealed partial class ClaimHeartbeat(OutboxStore outbox, IOptions<DeliveryOptions> delivery, TimeProvider time, ILogger<ClaimHeartbeat> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<long, OutboxMessage> held = new();
    private readonly ConcurrentDictionary<long, byte> lost = new();

    private TimeSpan Lease => delivery.Value.LeaseDuration;

    public void Hold(IEnumerable<OutboxMessage> claimed)
    {
        foreach (var message in claimed) held[message.Id] = message;
    }

    /// <summary>Its outcome is recorded, or it was given back: no longer this worker's to renew.</summary>
    public void Drop(IEnumerable<long> ids)
    {
        foreach (var id in ids)
        {
            held.TryRemove(id, out _);
            lost.TryRemove(id, out _);
        }
    }

    /// <summary>Whether the message's lease ran out before it was renewed: it may be another worker's now.</summary>
    public bool IsLost(long id) => lost.ContainsKey(id);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Lease / 4, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await BeatAsync();
        }
        catch (OperationCanceledException)
        {
            // Stopping: the lanes record or give back what they hold; nothing more to renew.
        }
    }

    /// <summary>Renews every held claim; the ones the database no longer gives this worker are marked lost.</summary>
    internal async Task BeatAsync()
    {
        var claims = held.Values.ToList();
        if (claims.Count == 0) return;
        var now = time.GetUtcNow();
        try
        {
            var kept = await outbox.RenewLeaseAsync(claims, now, now + Lease);
            foreach (var claim in claims.Where(c => !kept.Contains(c.Id) && held.ContainsKey(c.Id))) lost[claim.Id] = 0;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // Not renewed this time; the next beat tries again, well within the lease.
            LogBeatFailed(claims.Count, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the leases of {Count} claimed messages ({Error}); trying again at the next beat")]
    private partial void LogBeatFailed(int count, string error);
}
