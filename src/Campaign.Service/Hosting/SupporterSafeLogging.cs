namespace Campaign.Service.Hosting;

/// <summary>
/// The framework's log categories that would write a supporter's token or address, silenced whatever the
/// configured levels say. Links in supporters' emails carry their tokens in the path (<c>/confirm/{token}</c>,
/// <c>/unsubscribe/{token}</c>, <c>/erase/{token}</c>), and a log is copied to places nobody erases.
/// </summary>
public static class SupporterSafeLogging
{
    public static ILoggingBuilder KeepSupportersOut(this ILoggingBuilder logging)
    {
        // Its "Request starting GET http://host/confirm/<token>" lines, and the RequestPath scope it opens
        // around every line logged during a request, which a provider with scopes on would store.
        // At None it opens no scope at all.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        // Route matching names the raw request path it matched, at Debug.
        logging.AddFilter("Microsoft.AspNetCore.Routing.Matching", LogLevel.Information);
        // With Information on, Kestrel copies a malformed request line (path and all) into its Debug lines.
        logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Warning);
        return logging;
    }
}
