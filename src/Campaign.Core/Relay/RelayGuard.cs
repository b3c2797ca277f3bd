using System.Threading.RateLimiting;
using Campaign.Core.Outbox;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly;

namespace Campaign.Core.Relay;

/// <summary>
/// What stands between the dispatcher lanes of one process and the relay: at most <c>Smtp:MaxConnections</c>
/// connections, at most <c>Smtp:MaxPerSecond</c> messages a second, and a circuit breaker (Polly) that stops
/// every lane while the relay is down and lets one probe through after <c>Delivery:RelayProbeInterval</c>.
/// </summary>
public sealed class RelayGuard : IDisposable
{
    private readonly SemaphoreSlim connections;
    private readonly ResiliencePipeline<SendResult> pipeline;
    private readonly TokenBucketRateLimiter rate;

    public RelayGuard(IOptions<SmtpOptions> smtp, IOptions<DeliveryOptions> delivery, TimeProvider time)
    {
        connections = new SemaphoreSlim(smtp.Value.MaxConnections, smtp.Value.MaxConnections);
        // Refilled ten times a second, so a second's allowance is spread rather than spent in one burst.
        var perTick = Math.Max(1, smtp.Value.MaxPerSecond / 10);
        rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perTick,
            TokensPerPeriod = perTick,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        pipeline = new ResiliencePipelineBuilder<SendResult> { TimeProvider = time }
            .AddRateLimiter(new RateLimiterStrategyOptions { RateLimiter = args => rate.AcquireAsync(1, args.Context.CancellationToken) })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<SendResult>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Verdict == SendVerdict.RelayDown),
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = delivery.Value.RelayProbeInterval,
            })
            .Build();
    }

    /// <summary>Takes one of the process's relay connections, or false when all are in use.</summary>
    public bool TryTakeConnection() => connections.Wait(0);

    public void ReturnConnection() => connections.Release();

    public async Task<SendResult> SendAsync(SmtpRelay relay, MimeMessage message, MailboxAddress sender, MailboxAddress recipient, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token => await relay.SendAsync(message, sender, [recipient], token), cancellationToken);
        }
        catch (BrokenCircuitException)
        {
            return new SendResult(SendVerdict.RelayDown, "the relay is down; sending waits for the next probe");
        }
    }

    public void Dispose()
    {
        connections.Dispose();
        rate.Dispose();
    }
}
