using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Campaign.Tests.Abuse;

/// <summary>
/// The service behind a reverse proxy on loopback (<c>Network:KnownProxies</c> = 127.0.0.1), with small limits, so
/// a test plays many clients by naming them in <c>X-Forwarded-For</c>. Windows are long (no test waits one out)
/// except erasure's burst, which one test does wait out. Each test uses addresses of its own /24 or /48.
/// </summary>
public class ProxiedService : ServiceFixture
{
    public CapturedLog Log { get; } = new();

    protected virtual int ConcurrentSignings => 100;

    protected override IEnumerable<string> ExtraSettings =>
    [
        "--Network:KnownProxies:0=127.0.0.1",
        .. Limit("Signing", burst: 3, "00:10:00", sustained: 6, "01:00:00", networkBurst: 5, networkSustained: 10),
        .. Limit("Confirming", burst: 2, "00:10:00", sustained: 4, "01:00:00", networkBurst: 4, networkSustained: 8),
        .. Limit("Erasure", burst: 1, "00:00:02", sustained: 5, "00:10:00", networkBurst: 5, networkSustained: 10),
        .. Limit("AdminKey", burst: 5, "00:10:00", sustained: 10, "01:00:00", networkBurst: 10, networkSustained: 20),
        $"--RateLimits:Shedding:ConcurrentSignings={ConcurrentSignings}",
        "--RateLimits:Shedding:RetryAfter=00:00:03",
    ];

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);

    private static string[] Limit(string name, int burst, string burstWindow, int sustained, string sustainedWindow, int networkBurst, int networkSustained) =>
    [
        $"--RateLimits:{name}:Burst={burst}", $"--RateLimits:{name}:BurstWindow={burstWindow}",
        $"--RateLimits:{name}:Sustained={sustained}", $"--RateLimits:{name}:SustainedWindow={sustainedWindow}",
        $"--RateLimits:{name}:NetworkBurst={networkBurst}", $"--RateLimits:{name}:NetworkSustained={networkSustained}",
    ];
}
