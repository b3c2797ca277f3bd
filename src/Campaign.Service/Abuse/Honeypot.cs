namespace Campaign.Service.Abuse;

/// <summary>
/// The sign form's hidden field (<see cref="Api.SignatureForm.HoneypotField"/>). A person never sees it; a robot that
/// fills every field does. Such a post is answered exactly as a signature would be, so the robot learns nothing to
/// adapt to, and nothing of it is kept.
/// </summary>
public static partial class Honeypot
{
    public static bool Caught(HttpContext http, string campaign, string? value)
    {
        if (string.IsNullOrEmpty(value)) return false;
        LogCaught(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Honeypot)), campaign);
        return true;
    }

    // The campaign only: what the robot typed may be anything, a real person's address included.
    [LoggerMessage(Level = LogLevel.Information, Message = "A signing attempt in campaign {Campaign} filled the honeypot field: answered as signed, kept nowhere")]
    private static partial void LogCaught(ILogger log, string campaign);
}
