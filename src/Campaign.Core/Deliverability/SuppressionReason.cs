namespace Campaign.Core.Deliverability;

/// <summary>Why an address gets no more mail, as stored in <c>suppressed_addresses.reason</c>.</summary>
public static class SuppressionReason
{
    /// <summary>Its owner erased themselves and asked never to be emailed again.</summary>
    public const string Erasure = "erasure";

    /// <summary>A remote server said the mailbox does not exist (5.x.x).</summary>
    public const string HardBounce = "hard-bounce";

    /// <summary>Temporary failures, <c>Delivery:SoftBounceLimit</c> of them within a week.</summary>
    public const string SoftBounces = "soft-bounces";

    /// <summary>Its owner marked our mail as spam: nothing automatic any more, only what they ask for.</summary>
    public const string Complaint = "complaint";
}
