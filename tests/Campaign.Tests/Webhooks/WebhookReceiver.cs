using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Campaign.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver (Kestrel on loopback), as an organizer's CRM would run one: it checks every signature
/// the way the README shows, remembers every request, and can be told to fail.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Path, string Id, long Timestamp, string Body, bool Verified, int Answered);

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Received> received = new();
    private readonly Dictionary<string, int> failuresLeft = [];

    public WebhookReceiver(string secret)
    {
        Secret = secret;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/{path}", async (string path, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = request.Headers["webhook-id"].ToString();
            var timestamp = request.Headers["webhook-timestamp"].ToString();
            var verified = Verify(Secret, id, timestamp, body, request.Headers["webhook-signature"].ToString());
            var fail = TakeFailure(path);
            var answer = !verified ? 401 : fail ? 500 : 204;
            received.Enqueue(new Received(path, id, long.TryParse(timestamp, out var t) ? t : 0, body, verified, answer));
            return Results.StatusCode(answer);
        });
        app.StartAsync().GetAwaiter().GetResult();
        Address = new Uri(app.Urls.First());
    }

    public string Secret { get; }

    public Uri Address { get; }

    public IReadOnlyList<Received> All => received.ToList();

    public IReadOnlyList<Received> At(string path) => received.Where(r => r.Path == path).ToList();

    /// <summary>The next <paramref name="count"/> requests to <paramref name="path"/> are answered 500.</summary>
    public void FailNext(string path, int count)
    {
        lock (failuresLeft) failuresLeft[path] = count;
    }

    /// <summary>Every request to <paramref name="path"/> is answered 500 until <see cref="Recover"/>.</summary>
    public void Break(string path) => FailNext(path, int.MaxValue);

    public void Recover(string path) => FailNext(path, 0);

    private bool TakeFailure(string path)
    {
        lock (failuresLeft)
        {
            if (!failuresLeft.TryGetValue(path, out var left) || left <= 0) return false;
            failuresLeft[path] = left - 1;
            return true;
        }
    }

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The check the README shows a receiver making, word for word.</summary>
    public static bool Verify(string secret, string id, string timestamp, string body, string signatures)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return signatures.Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), Encoding.ASCII.GetBytes(expected)));
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
