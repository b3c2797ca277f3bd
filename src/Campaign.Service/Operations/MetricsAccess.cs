using Campaign.Service.Admin;
using Campaign.Service.Hosting;

namespace Campaign.Service.Operations;

/// <summary>
/// Who may read <c>/metrics</c>: admins (the bearer key, as Prometheus' <c>authorization</c> setting sends it),
/// or anyone who reaches the separate addresses of <c>Operations:MetricsUrls</c> (e.g. <c>http://127.0.0.1:9464</c>,
/// a port only the scraper's network reaches). Those addresses serve <c>/metrics</c> and nothing else, and the
/// service's own addresses then never serve it. The counts are no one's personal data, but they show a campaign's
/// pace and its mail to targets, which is an organizer's to publish.
/// </summary>
public static class MetricsAccess
{
    public const string Setting = "Operations:MetricsUrls";

    /// <summary>The configured metrics addresses (separated by <c>;</c>), each with a port of its own.</summary>
    public static IReadOnlyList<Uri> Urls(IConfiguration configuration)
    {
        var urls = new List<Uri>();
        foreach (var text in (configuration[Setting] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.Port == 0 || url.AbsolutePath != "/")
                throw new StartupException($"{Setting}: '{text}' is not an http address with a fixed port of its own (e.g. http://127.0.0.1:9464)");
            urls.Add(url);
        }
        return urls;
    }

    /// <summary>Adds the metrics addresses to the ones the service listens on.</summary>
    public static void Listen(ConfigureWebHostBuilder webHost, string serviceUrls, IReadOnlyList<Uri> metricsUrls)
    {
        if (metricsUrls.Count > 0) webHost.UseUrls([.. serviceUrls.Split(';', StringSplitOptions.RemoveEmptyEntries), .. metricsUrls.Select(u => u.GetLeftPart(UriPartial.Authority))]);
    }

    /// <summary>
    /// Early in the pipeline, before authentication: the metrics addresses answer <c>/metrics</c> only, and the
    /// service's addresses never answer it. The listening port, not the Host header, tells them apart: a Host
    /// header is the client's to write.
    /// </summary>
    public static void UseMetricsAddresses(this WebApplication app, IReadOnlyList<Uri> metricsUrls)
    {
        if (metricsUrls.Count == 0) return;
        var ports = metricsUrls.Select(u => u.Port).ToHashSet();
        app.Use(async (http, next) =>
        {
            if (ports.Contains(http.Connection.LocalPort) != (http.Request.Path == "/metrics"))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(http);
        });
    }

    /// <summary>Maps <c>/metrics</c>: for admins only, unless it has addresses of its own.</summary>
    public static void MapMetrics(this WebApplication app, IReadOnlyList<Uri> metricsUrls)
    {
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics");
        if (metricsUrls.Count == 0) metrics.RequireAuthorization(AdminAccess.Policy);
    }
}
