namespace Campaign.Core.Sending;

public enum SendVerdict
{
    /// <summary>The relay accepted the message.</summary>
    Sent,
    /// <summary>A transient failure before the relay could have accepted it: try again later.</summary>
    Transient,
    /// <summary>The relay refused it for good (5xx).</summary>
    Permanent,
    /// <summary>The connection broke after the message data was sent: it may have arrived.</summary>
    Unknown,
}

/// <summary>How one attempt ended, with the relay's words when it gave any.</summary>
public sealed record SendResult(SendVerdict Verdict, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static readonly SendResult Sent = new(SendVerdict.Sent);
}
