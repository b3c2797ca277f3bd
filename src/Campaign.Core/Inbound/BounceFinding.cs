namespace Campaign.Core.Inbound;

/// <summary>What a bounce says about one failed delivery, from whichever part of it said so.</summary>
/// <param name="Action">The DSN's Action ("failed", "delayed", "delivered"...), lower case; null for a text bounce.</param>
internal sealed record BounceFinding(string? Action, string? Status, string? Diagnostic, string? Recipient)
{
    private static readonly string[] Positive = ["delivered", "relayed", "expanded"];

    /// <summary>
    /// No status, no bounce. A positive DSN (delivered, relayed, expanded; we never ask for one) is not a bounce
    /// either. "delayed" is soft whatever its code; otherwise the class decides: 5 hard, 4 soft.
    /// </summary>
    public InboundKind Kind => Status switch
    {
        null => InboundKind.Unrecognised,
        _ when Action is not null && Positive.Contains(Action) => InboundKind.Unrecognised,
        _ when Action == "delayed" => InboundKind.SoftBounce,
        ['5', ..] => InboundKind.HardBounce,
        ['4', ..] => InboundKind.SoftBounce,
        _ => InboundKind.Unrecognised,
    };

    /// <summary>This finding with its gaps filled from <paramref name="other"/>; the reason goes with the status.</summary>
    public BounceFinding Or(BounceFinding other) => new(
        Action ?? other.Action,
        Status ?? other.Status,
        Status is null && other.Status is not null ? other.Diagnostic ?? Diagnostic : Diagnostic ?? other.Diagnostic,
        Recipient ?? other.Recipient);
}
