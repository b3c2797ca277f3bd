using System.Diagnostics;
using System.Text.RegularExpressions;
using Campaign.Core.Dispatch;
using OpenTelemetry.Exporter;
using Npgsql;
using OpenTelemetry.Trace;

namespace Campaign.Service.Operations;

/// <summary>
/// OpenTelemetry traces, exported by OTLP (HTTP/protobuf) when <c>OpenTelemetry:Endpoint</c> is set: ASP.NET Core
/// requests, Npgsql commands, and the send path's own spans (<see cref="DispatchTracing"/>). A request's path is
/// recorded with its tokens replaced (<c>/confirm/{token}</c>) and without its query: links in supporters' emails
/// carry their tokens, and traces are kept where nobody erases them. Npgsql records statements, never parameters.
/// </summary>
public static partial class TracingSetup
{
    public const string EndpointKey = "OpenTelemetry:Endpoint";

    public static OpenTelemetry.OpenTelemetryBuilder AddCampaignTracing(this OpenTelemetry.OpenTelemetryBuilder otel, IConfiguration configuration)
    {
        if (configuration[EndpointKey] is not { Length: > 0 } endpoint) return otel;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var collector) || collector.Scheme is not ("http" or "https"))
            throw new Hosting.StartupException($"{EndpointKey}: '{endpoint}' is not an http(s) URL of an OTLP collector, like http://localhost:4318");
        var delay = configuration.GetValue("OpenTelemetry:ExportDelay", TimeSpan.FromSeconds(5));
        return otel.WithTracing(tracing => tracing
            .AddSource(DispatchTracing.Name)
            .AddAspNetCoreInstrumentation(options => options.EnrichWithHttpRequest = (activity, request) => Redact(activity, request.Path.Value))
            .AddNpgsql()
            .AddOtlpExporter(options =>
            {
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                // Set in code, the endpoint is the whole address, signal path included.
                options.Endpoint = new Uri(collector, collector.AbsolutePath.TrimEnd('/') + "/v1/traces");
                options.BatchExportProcessorOptions.ScheduledDelayMilliseconds = (int)delay.TotalMilliseconds;
            }));
    }

    /// <summary>The path with every token-like segment (long, URL-safe base64) replaced, and no query.</summary>
    internal static void Redact(Activity activity, string? path)
    {
        activity.SetTag("url.path", path is null ? null : Token().Replace(path, "{token}"));
        activity.SetTag("url.query", null);
    }

    [GeneratedRegex("(?<=/)[A-Za-z0-9_.~-]{16,}(?=/|$)")]
    private static partial Regex Token();
}
