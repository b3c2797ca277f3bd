using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;

namespace Campaign.Core.Replies;

/// <summary>The campaign and target a reply came from.</summary>
public sealed record ReplyOrigin(string Campaign, string TargetId)
{
    /// <summary>
    /// Who a reply is from. Mail that answers one of our messages (found by its bounce address or its
    /// In-Reply-To/References) is from that message's target when the message went to a target (a letter, a
    /// delivery); an answer to a supporter's own mail (their confirmation) or an organizer's notice is from no
    /// target at all, whoever sent it, and stays with the admins. Mail that answers nothing of ours but came to the
    /// campaign's reply address is from a target when its sender is the address of exactly one target in the
    /// campaign files; two campaigns writing to one ministry leave it unmatched rather than guessed.
    /// </summary>
    /// <param name="answered">Our message it answers: its kind, campaign and target; null when none was found.</param>
    /// <param name="toReplyAddress">It came for the campaign's reply address.</param>
    /// <param name="sender">Its From address.</param>
    public static ReplyOrigin? Of(CampaignCatalog catalog, (string Kind, string Campaign, string? TargetId)? answered, bool toReplyAddress, string? sender)
    {
        if (answered is { } message)
            return MessageKind.GoesToTarget(message.Kind) && message.TargetId is { } target ? new ReplyOrigin(message.Campaign, target) : null;
        if (!toReplyAddress || string.IsNullOrWhiteSpace(sender)) return null;
        var matches = catalog.All.SelectMany(c => c.Targets.Where(t => string.Equals(t.Email, sender, StringComparison.OrdinalIgnoreCase))
            .Select(t => new ReplyOrigin(c.Slug, t.Id))).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}
