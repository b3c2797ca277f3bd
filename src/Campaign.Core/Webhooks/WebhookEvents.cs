namespace Campaign.Core.Webhooks;

/// <summary>The events an endpoint can ask for (<c>Webhooks:Endpoints:N:Events</c>), as their <c>type</c> says them.</summary>
public static class WebhookEvents
{
    /// <summary>A supporter confirmed: the campaign's count and the signer's country, nothing more by default.</summary>
    public const string SignatureConfirmed = "signature.confirmed";

    public const string MilestoneReached = "milestone.reached";

    /// <summary>The relay accepted a letter or a petition delivery for a target: its ledger entry.</summary>
    public const string DeliveryAccepted = "delivery.accepted";

    /// <summary>A message failed for good (refused, or given up on after its retries).</summary>
    public const string MessageFailed = "message.failed";

    public const string MessageBounced = "message.bounced";

    /// <summary>A target answered.</summary>
    public const string ReplyReceived = "reply.received";

    public static readonly IReadOnlyList<string> All =
        [SignatureConfirmed, MilestoneReached, DeliveryAccepted, MessageFailed, MessageBounced, ReplyReceived];
}
