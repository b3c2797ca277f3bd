namespace Campaign.Core.Signatures;

/// <summary>Why a supporter is erased. It decides what their signature's status becomes, and the reason kept on their cancelled mail.</summary>
public enum ErasureReason
{
    /// <summary>The supporter withdrew (the unsubscribe link): the signature stops counting.</summary>
    Withdrawal,

    /// <summary>Never confirmed within the link's lifetime.</summary>
    Expiry,

    /// <summary>The campaign closed longer ago than its <c>retention_days</c>.</summary>
    Retention,

    /// <summary>An admin erased an address (API or <c>erase</c> verb).</summary>
    Admin,

    /// <summary>The supporter used the "delete everything about me" link.</summary>
    SupporterRequest,
}
