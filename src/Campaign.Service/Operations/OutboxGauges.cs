using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Dapper;
using Npgsql;

namespace Campaign.Service.Operations;

/// <summary>
/// The numbers an operator graphs and alerts on, for <c>/metrics</c>: signatures and messages by campaign and
/// status, and how long the oldest due message has waited (a stuck dispatcher shows there first). They are
/// read from the database every few seconds in the background, never during a scrape.
/// The meter is one per process, as metric listeners are: every live instance adds its snapshot (there is
/// one instance in a deployed process; the tests run several side by side).
/// </summary>
public sealed partial class OutboxGauges : BackgroundService
{
    public const string MeterName = "Campaign";
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);
    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<OutboxGauges, Snapshot> Live = new();

    static OutboxGauges()
    {
        Meter.CreateObservableGauge("campaign.signatures", () => Live.Values.SelectMany(s => s.Signatures), description: "Signatures by campaign and status");
        Meter.CreateObservableGauge("campaign.messages", () => Live.Values.SelectMany(s => s.Messages), description: "Outbox messages by campaign and status");
        Meter.CreateObservableGauge("campaign.outbox.oldest_due", () => Live.Values.Select(s => s.OldestDueSeconds).DefaultIfEmpty(0).Max(), unit: "s",
            description: "How long the oldest message that is due has been waiting");
    }

    private readonly SignatureCounts signatures;
    private readonly OutboxAdmin outbox;
    private readonly NpgsqlDataSource dataSource;
    private readonly TimeProvider time;
    private readonly ILogger<OutboxGauges> logger;

    private sealed record Snapshot(
        IReadOnlyList<Measurement<long>> Signatures, IReadOnlyList<Measurement<long>> Messages, double OldestDueSeconds);

    public OutboxGauges(SignatureCounts signatures, OutboxAdmin outbox, NpgsqlDataSource dataSource, TimeProvider time, ILogger<OutboxGauges> logger)
    {
        this.signatures = signatures;
        this.outbox = outbox;
        this.dataSource = dataSource;
        this.time = time;
        this.logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RefreshUntilStoppedAsync(stoppingToken);
        }
        finally
        {
            Live.TryRemove(this, out _);
        }
    }

    private async Task RefreshUntilStoppedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Live[this] = await ReadAsync(stoppingToken);
            }
            catch (NpgsqlException e)
            {
                LogUnavailable(e.Message);
            }
            try
            {
                await Task.Delay(RefreshEvery, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var bySignature = await signatures.ByStatusAsync(cancellationToken);
        var byMessage = await outbox.CountsByCampaignAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One minimum per claim index (0006), each read from its index rather than by scanning the outbox;
        // mail not yet due counts as zero waiting below.
        var oldest = await connection.ExecuteScalarAsync<DateTime?>($"""
            select least(
                (select min(next_attempt_at) from messages where status in ('queued', 'deferred') and {MessageKind.UnthrottledSql}),
                (select min(next_attempt_at) from messages where status in ('queued', 'deferred') and {MessageKind.ToTargetSql}))
            """);

        var signatureMeasurements = bySignature.SelectMany(c => new[]
        {
            new Measurement<long>(c.Value.Pending, new("campaign", c.Key), new("status", "pending")),
            new Measurement<long>(c.Value.Confirmed, new("campaign", c.Key), new("status", "confirmed")),
        }).ToList();
        var messageMeasurements = byMessage.SelectMany(c => c.Value.Select(s =>
            new Measurement<long>(s.Value, new("campaign", c.Key), new("status", s.Key)))).ToList();
        var waited = oldest is null ? 0 : Math.Max(0, (time.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(oldest.Value, DateTimeKind.Utc))).TotalSeconds);
        return new Snapshot(signatureMeasurements, messageMeasurements, waited);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics could not be read from the database: {Reason}")]
    private partial void LogUnavailable(string reason);
}
