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
