using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Service.Abuse;

/// <summary>
/// Who the client is (behind the configured proxies only) and how much it may do: registration, and the
/// middleware that must run before anything reads the client's address or scheme.
/// </summary>
public static class AbuseLimits
{
    public static IServiceCollection AddAbuseLimits(this IServiceCollection services, RateLimitOptions limits, NetworkOptions network)
    {
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = network.ForwardLimit;
            // The framework trusts loopback by default: a process on this machine is not a proxy unless we say so.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in network.Proxies())
            {
                options.KnownProxies.Add(proxy);
                // A dual-stack listener sees an IPv4 proxy as ::ffff:a.b.c.d.
                if (proxy.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) options.KnownProxies.Add(proxy.MapToIPv6());
            }
            foreach (var known in network.Networks()) options.KnownIPNetworks.Add(known);
        });

        services.AddSingleton(_ => new ClientLimits(limits));
        services.AddSingleton<AdminKeyGuesses>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ClientLimits>((options, clientLimits) =>
        {
            options.GlobalLimiter = new AbuseLimiter(clientLimits);
            options.OnRejected = RefusalAnswers.OnRejectedAsync;
        });
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the client's own address and scheme.</summary>
    /// <remarks>
    /// Only with a proxy configured. The framework's middleware reads empty proxy lists as "believe every sender",
    /// so with nothing trusted it must not run at all.
    /// </remarks>
    public static IApplicationBuilder UseForwardedClients(this IApplicationBuilder app, NetworkOptions network) =>
        network.KnownProxies.Count + network.KnownNetworks.Count > 0 ? app.UseForwardedHeaders() : app;
}
