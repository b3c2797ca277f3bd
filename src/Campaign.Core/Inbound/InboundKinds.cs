namespace Campaign.Core.Inbound;

/// <summary>The kinds of mail that came back, as stored in <c>inbound_mail.kind</c>.</summary>
public static class InboundKinds
{
    public const string HardBounce = "hard-bounce";
    public const string SoftBounce = "soft-bounce";
    public const string Complaint = "complaint";
    public const string AutoReply = "auto-reply";
    public const string Reply = "reply";
    public const string Unrecognised = "unrecognised";

    /// <summary>Not even MIME: kept as it came, for an admin.</summary>
    public const string Unreadable = "unreadable";
}
