namespace Campaign.Service.Abuse;

/// <summary>
/// Wrong admin keys, from the login form and from bearer headers, counted per client and per network
/// (<c>RateLimits:AdminKey</c>). Only failures count, so an admin at work is never limited by their own requests;
/// once a client is limited every key it sends is refused unread — the right one too — so a guesser learns
/// nothing more until the window has passed.
/// </summary>
/// <remarks>
/// Asking and counting are two steps, so guesses sent all at once can each pass the question before any is
/// counted: at most one extra guess per request in flight, which with a key of 32 characters changes nothing.
/// </remarks>
public sealed partial class AdminKeyGuesses(ClientLimits limits, ILogger<AdminKeyGuesses> log)
{
    /// <summary>Whether this client is refused now; takes nothing from its allowance.</summary>
    public LimitRefusal? Refusal(HttpContext http) => limits.For(LimitedAction.AdminKey).TryTake(ClientKeys.Of(http.Connection.RemoteIpAddress), 0);

    /// <summary>
    /// Counts a wrong key. Neither the key nor the address is logged, nor the path: a bearer header may ride on a
    /// supporter's link, whose path holds their token.
    /// </summary>
    public void CountWrongKey(HttpContext http, string via)
    {
        var refusal = limits.For(LimitedAction.AdminKey).TryTake(ClientKeys.Of(http.Connection.RemoteIpAddress));
        WrongKey(log, via);
        if (refusal is not null) Limited(log, refusal.Scope, refusal.Window, refusal.RetryAfterSeconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A wrong admin key was sent ({Via})")]
    private static partial void WrongKey(ILogger logger, string via);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin keys from one {Scope} are refused for {Seconds} s: its {Window} window of wrong keys is full")]
    private static partial void Limited(ILogger logger, LimitScope scope, string window, int seconds);
}
