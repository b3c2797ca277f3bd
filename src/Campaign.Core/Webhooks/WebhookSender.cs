using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Campaign.Core.Privacy;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Campaign.Core.Webhooks;

/// <summary>
/// Posts due webhook deliveries, in a worker. Each attempt is signed anew (its own <c>webhook-timestamp</c>)
/// under the event's one <c>webhook-id</c>; a <c>2xx</c> delivers it, anything else waits with backoff
/// (doubling from <see cref="WebhookOptions.FirstRetryDelay"/>, or the endpoint's Retry-After if longer) until
/// <see cref="WebhookOptions.RetryFor"/> after the event, then it is failed for an admin to retry.
/// </summary>
public sealed partial class WebhookSender : BackgroundService
{
    private const int Batch = 32;
    private const int InParallel = 8;

    private readonly WebhookDeliveries deliveries;
    private readonly WebhookOptions options;
    private readonly Dictionary<string, (WebhookEndpoint Endpoint, byte[] Key)> endpoints;
    private readonly SupporterVault vault;
    private readonly TimeProvider time;
    private readonly ILogger<WebhookSender> logger;
    private readonly HttpClient client;

    public WebhookSender(Npgsql.NpgsqlDataSource dataSource, IOptions<WebhookOptions> options, SupporterVault vault, TimeProvider time, ILogger<WebhookSender> logger)
    {
        deliveries = new WebhookDeliveries(dataSource);
        this.options = options.Value;
        endpoints = this.options.Endpoints.ToDictionary(e => e.Name!, e => (e, WebhookSignature.KeyOf(e.Secret)!), StringComparer.Ordinal);
        this.vault = vault;
        this.time = time;
        this.logger = logger;
        client = WebhookPost.Client(this.options);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await deliveries.ClaimAsync(time.GetUtcNow(), options.Timeout + TimeSpan.FromSeconds(30), Batch, stoppingToken);
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = InParallel, CancellationToken = stoppingToken },
                    async (delivery, ct) => await deliveries.RecordAsync(await AttemptAsync(delivery, ct)));
                if (due.Count == Batch) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                // The database is away: claims not recorded run out their lease and are taken again.
                LogDatabaseAway(e.Message);
            }
            await Task.Delay(options.PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task<WebhookAttempt> AttemptAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        if (!endpoints.TryGetValue(delivery.Endpoint, out var endpoint))
            return Outcome(delivery, started, watch, null, "the endpoint is no longer configured", giveUp: true);
        int? status = null;
        string? error = null;
        TimeSpan? retryAfter = null;
        try
        {
            var body = await BodyAsync(delivery, endpoint.Endpoint, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Endpoint.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            var id = $"msg_{delivery.EventId}";
            var timestamp = started.ToUnixTimeSeconds();
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSignature.Sign(endpoint.Key, id, timestamp, body));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return Outcome(delivery, started, watch, status, null, giveUp: false, delivered: true);
            error = (int)response.StatusCode is >= 300 and < 400 ? $"answered {status} (redirects are not followed)" : $"answered {status}";
            retryAfter = response.Headers.RetryAfter?.Delta;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or WebhookRefusedException && !cancellationToken.IsCancellationRequested)
        {
            error = Reason(e);
        }
        LogAttemptFailed(delivery.Id, delivery.Endpoint, delivery.Attempts, error!);
        return Outcome(delivery, started, watch, status, error, giveUp: false, retryAfter: retryAfter);
    }

    private WebhookAttempt Outcome(DueDelivery delivery, DateTimeOffset started, Stopwatch watch, int? status, string? error, bool giveUp,
        bool delivered = false, TimeSpan? retryAfter = null)
    {
        var now = time.GetUtcNow();
        var duration = (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);
        if (delivered) return new(delivery.Id, delivery.Attempts, started.UtcDateTime, duration, status, null, "delivered", null, now.UtcDateTime);
        var next = now + Backoff(delivery.Attempts, retryAfter);
        if (giveUp || next > new DateTimeOffset(DateTime.SpecifyKind(delivery.GiveUpAt, DateTimeKind.Utc)))
            return new(delivery.Id, delivery.Attempts, started.UtcDateTime, duration, status, error, "failed", null, now.UtcDateTime);
        return new(delivery.Id, delivery.Attempts, started.UtcDateTime, duration, status, error, "pending", next.UtcDateTime, now.UtcDateTime);
    }

    /// <summary>The wait after the <paramref name="attempts"/>th failed attempt.</summary>
    internal TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        var doubled = options.FirstRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 30));
        var wait = doubled > options.MaxRetryDelay ? options.MaxRetryDelay : doubled;
        return retryAfter is { } asked && asked > wait ? (asked > options.MaxRetryDelay ? options.MaxRetryDelay : asked) : wait;
    }

    /// <summary>
    /// <c>{"type", "timestamp", "data"}</c>. An endpoint allowed personal data also gets the name and address of a
    /// signer who chose to share them, read now: a supporter erased since gets nothing sent in their name.
    /// </summary>
    private async Task<byte[]> BodyAsync(DueDelivery delivery, WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        var data = JsonNode.Parse(delivery.Payload)!.AsObject();
        if (endpoint.PersonalData && delivery.SignatureId is { } signature && await deliveries.SharedSignerAsync(signature, cancellationToken) is { } signer)
        {
            data["name"] = vault.Open(signer.Name, SupporterVault.Name);
            data["email"] = vault.Open(signer.Email, SupporterVault.Email);
        }
        var body = new JsonObject
        {
            ["type"] = delivery.Type,
            ["timestamp"] = DateTime.SpecifyKind(delivery.CreatedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = data,
        };
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private static string Reason(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is WebhookRefusedException refused) return "not sent: " + refused.Message;
        return e is TaskCanceledException ? "no answer within Webhooks:Timeout" : e.InnerException?.Message ?? e.Message;
    }

    public override void Dispose()
    {
        client.Dispose();
        base.Dispose();
    }

    // The endpoint's name and the reason only: a URL may carry a token, and no payload ever reaches the log.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {Id} to {Endpoint} failed attempt {Attempt}: {Reason}")]
    private partial void LogAttemptFailed(long id, string endpoint, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook deliveries wait for the database: {Reason}")]
    private partial void LogDatabaseAway(string reason);
}
