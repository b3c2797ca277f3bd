using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Campaign.Service.Operations;

/// <summary>Prometheus metrics at <c>/metrics</c>: HTTP, runtime and the campaign's own gauges; traces when configured (<see cref="TracingSetup"/>).</summary>
public static class MetricsSetup
{
    public static IServiceCollection AddCampaignMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<OutboxGauges>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("campaign"))
            .WithMetrics(metrics => metrics
            .AddMeter(OutboxGauges.MeterName, Campaign.Core.Outbox.CampaignMeters.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter())
            .AddCampaignTracing(configuration);
        return services;
    }
}
