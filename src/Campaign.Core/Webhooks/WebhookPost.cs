using System.Net;
using System.Net.Sockets;

namespace Campaign.Core.Webhooks;

/// <summary>
/// The HTTP client webhooks go out on. The address check is made when connecting, on the very addresses the
/// socket connects to, so a name that resolves to a public address when checked and to 127.0.0.1 a moment
/// later (DNS rebinding) still cannot reach the service's own network. No proxy (it would connect for us,
/// unchecked), no redirects (a public endpoint could send us on to a private one).
/// </summary>
internal static class WebhookPost
{
    public static HttpClient Client(WebhookOptions options) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = options.Timeout,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, options.AllowPrivateNetworks, cancellationToken),
    })
    {
        Timeout = options.Timeout,
        DefaultRequestHeaders = { { "User-Agent", "Campaign-Webhooks/1" } },
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = allowPrivate ? addresses : addresses.Where(PublicAddresses.IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new WebhookRefusedException($"{endpoint.Host} is not on a public address (loopback, private or link-local); Webhooks:AllowPrivateNetworks is off");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>An endpoint the service will not post to.</summary>
public sealed class WebhookRefusedException(string message) : Exception(message);
