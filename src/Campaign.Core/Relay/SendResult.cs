namespace Campaign.Core.Relay;

/// <summary>How one attempt ended, with the relay's words when it gave any.</summary>
/// <param name="Reply">The relay's whole reply to a message it accepted ("250 2.0.0 Ok: queued as …"), for the ledger.</param>
public sealed record SendResult(SendVerdict Verdict, string? Error = null, TimeSpan? RetryAfter = null, string? Reply = null)
{
    public static SendResult Accepted(string reply) => new(SendVerdict.Sent, Reply: reply);
}
