namespace Campaign.Core.Outbox;

/// <summary>An email to queue. <paramref name="DedupeKey"/> names the thing it is about, so it can exist only once.</summary>
public sealed record NewMessage(
    string DedupeKey,
    string Campaign,
    string Kind,
    long? SignatureId,
    string? TargetId,
    string ToAddress,
    string Language);
