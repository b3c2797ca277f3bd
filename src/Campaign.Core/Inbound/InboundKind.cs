namespace Campaign.Core.Inbound;

/// <summary>What a piece of mail that came back to us is.</summary>
public enum InboundKind
{
    /// <summary>Delivery failed for good (5.x.x): the address is gone or refuses us.</summary>
    HardBounce,

    /// <summary>Delivery failed for now or is delayed (4.x.x): full mailbox, server down, greylisting.</summary>
    SoftBounce,

    /// <summary>A recipient told their provider our mail is unwanted (an ARF feedback report).</summary>
    Complaint,

    /// <summary>A machine answered for a person (out of office, vacation, "we received your mail"); never a bounce.</summary>
    AutoReply,

    /// <summary>A person wrote back.</summary>
    Reply,

    /// <summary>Nothing we can act on safely; kept for an admin to read.</summary>
    Unrecognised,
}
