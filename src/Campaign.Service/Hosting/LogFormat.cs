using Microsoft.Extensions.Logging.Console;

namespace Campaign.Service.Hosting;

/// <summary>
/// <c>Logging:Format</c>: <c>text</c> (the default, for a terminal) or <c>json</c> (one JSON object a line, for a
/// log shipper). Either way only what the service's own messages say: no scopes, which carry request paths and
/// with them supporters' tokens.
/// </summary>
public static class LogFormat
{
    public const string Key = "Logging:Format";

    public static bool IsJson(IConfiguration configuration) => configuration[Key]?.Trim().ToLowerInvariant() switch
    {
        null or "" or "text" => false,
        "json" => true,
        var other => throw new StartupException($"{Key}: '{other}' is neither text nor json"),
    };

    public static ILoggingBuilder AddServiceConsole(this ILoggingBuilder logging, bool json)
    {
        logging.ClearProviders();
        if (!json) return logging.AddSimpleConsole(options => options.IncludeScopes = false);
        return logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = false;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
    }
}
