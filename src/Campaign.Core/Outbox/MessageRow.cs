using Campaign.Core.Privacy;

namespace Campaign.Core.Outbox;

/// <summary>
/// A message as admins list it, read from <c>messages</c>: a supporter's own mail has no address on its row,
/// so the address is taken sealed from the signature and opened for the admin (null once erased).
/// </summary>
internal sealed record MessageRow(
    long Id, string MessageId, string Campaign, string Kind, string? ToAddress, byte[]? SealedTo, string? Target, string Status,
    int Attempts, string? LastError, DateTime? NextAttemptAt, DateTime? SentAt)
{
    /// <summary>The columns, for a query on <c>messages</c> with its own <c>where</c>.</summary>
    public const string Columns = """
        id, message_id as MessageId, campaign, kind, to_address as ToAddress,
        (select s.email from signatures s where s.id = messages.signature_id and messages.to_address is null) as SealedTo,
        target_id as Target, status, attempts, last_error as LastError,
        case when status in ('queued', 'deferred') then next_attempt_at end as NextAttemptAt, sent_at as SentAt
        """;

    public OutboxAdmin.MessageView View(SupporterVault vault) => new(
        Id, MessageId, Campaign, Kind, ToAddress ?? vault.Open(SealedTo, SupporterVault.Email), Target, Status, Attempts, LastError, NextAttemptAt, SentAt);
}
