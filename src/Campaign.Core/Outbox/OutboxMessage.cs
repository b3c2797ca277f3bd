namespace Campaign.Core.Outbox;

/// <summary>One row of the outbox, as the dispatcher claims it.</summary>
/// <param name="ToAddress">Null for a supporter's own mail, addressed from their sealed signature.</param>
public sealed record OutboxMessage(
    long Id,
    string MessageId,
    string Campaign,
    string Kind,
    long? SignatureId,
    string? TargetId,
    string? ToAddress,
    string Language,
    string Status,
    int Attempts,
    DateTime CreatedAt)
{
    /// <summary>The recipient of mail to a target or an organizer, which always has its own address.</summary>
    public string AddressedTo => ToAddress ?? throw new InvalidOperationException($"message {Id} is addressed from its signature, not its row");
}
