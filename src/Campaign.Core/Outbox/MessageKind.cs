namespace Campaign.Core.Outbox;

/// <summary>The four kinds of email (SPEC §6), as stored in <c>messages.kind</c>.</summary>
public static class MessageKind
{
    public const string Confirmation = "confirmation";
    public const string Letter = "letter";
    public const string Delivery = "delivery";
    public const string Notice = "notice";

    /// <summary>Mail to a government or institution: never resent blindly, held while a campaign is paused.</summary>
    public static bool GoesToTarget(string kind) => kind is Letter or Delivery;
}

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

    public static readonly IReadOnlyList<string> All = [Queued, Sending, Sent, Deferred, Failed, Unknown, Cancelled];
}
