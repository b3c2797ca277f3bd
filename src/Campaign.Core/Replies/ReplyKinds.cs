namespace Campaign.Core.Replies;

/// <summary>What a target sent back, as stored in <c>target_replies.kind</c>.</summary>
public static class ReplyKinds
{
    /// <summary>A person at the ministry wrote.</summary>
    public const string Reply = "reply";

    /// <summary>A machine answered for them ("we received your letter", out of office): listed, marked as such.</summary>
    public const string AutoReply = "auto_reply";
}
