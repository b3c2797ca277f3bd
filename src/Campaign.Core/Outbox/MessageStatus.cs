namespace Campaign.Core.Outbox;

/// <summary>The statuses of an outbox row (SPEC §6).</summary>
public static class MessageStatus
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Deferred = "deferred";
    public const string Failed = "failed";
    public const string Unknown = "unknown";
    public const string Cancelled = "cancelled";
    /// <summary>The recipient's server accepted it, then reported it undeliverable for good (a hard bounce read back).</summary>
    public const string Bounced = "bounced";

    public static readonly IReadOnlyList<string> All = [Queued, Sending, Sent, Deferred, Failed, Unknown, Cancelled, Bounced];
}
