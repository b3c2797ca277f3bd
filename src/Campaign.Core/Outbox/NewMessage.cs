namespace Campaign.Core.Outbox;

/// <summary>An email to queue. <paramref name="DedupeKey"/> names the thing it is about, so it can exist only once.</summary>
/// <param name="ToAddress">Null for a supporter's own mail: it is addressed from their sealed signature when sent.</param>
public sealed record NewMessage(
    string DedupeKey,
    string Campaign,
    string Kind,
    long? SignatureId,
    string? TargetId,
    string? ToAddress,
    string Language);
