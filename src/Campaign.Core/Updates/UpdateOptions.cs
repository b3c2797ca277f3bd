using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Updates;

/// <summary><c>Updates:*</c>: how fast updates to signers go out, across every campaign together.</summary>
public sealed class UpdateOptions
{
    public const string Section = "Updates";

    /// <summary>
    /// Update emails per minute, for all campaigns together. Mailbox providers judge a sender by its bursts:
    /// a steady pace keeps a campaign's news out of spam folders, and leaves the relay to confirmations and letters.
    /// </summary>
    [Range(1, 1_000_000)]
    public int PerMinute { get; set; } = 600;

    /// <summary>Supporters queued per transaction of a fan-out: each batch commits with how far it got.</summary>
    [Range(1, 100_000)]
    public int Batch { get; set; } = 5_000;
}
