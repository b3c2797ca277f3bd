namespace Campaign.Core.Relay;

/// <summary>How one attempt ended, with the relay's words when it gave any.</summary>
public sealed record SendResult(SendVerdict Verdict, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static readonly SendResult Sent = new(SendVerdict.Sent);
}
