namespace Campaign.Core.Outbox;

/// <summary>One row of the outbox, as the dispatcher claims it.</summary>
public sealed record OutboxMessage(
    long Id,
    string MessageId,
    string Campaign,
    string Kind,
    long? SignatureId,
    string? TargetId,
    string ToAddress,
    string Language,
    string Status,
    int Attempts,
    DateTime CreatedAt);

/// <summary>An email to queue. <paramref name="DedupeKey"/> names the thing it is about, so it can exist only once.</summary>
public sealed record NewMessage(
    string DedupeKey,
    string Campaign,
    string Kind,
    long? SignatureId,
    string? TargetId,
    string ToAddress,
    string Language);
