using System.ComponentModel.DataAnnotations;
using Campaign.Core.Privacy;

namespace Campaign.Core.Signatures;

/// <summary>How far one mailbox can be made to receive our mail by other people's hands (<c>Abuse:</c>).</summary>
public sealed class MailboxOptions
{
    public const string Section = "Abuse";

    /// <summary>
    /// Domains whose provider ignores dots in the local part, so <c>a.b@</c> and <c>ab@</c> are one person.
    /// Changing the list makes every signature's key again at the next start.
    /// </summary>
    public string[] DotlessDomains { get; set; } = [.. CanonicalAddress.DefaultDotlessDomains];

    /// <summary>
    /// Confirmation emails (first ones and reminders) to one canonical address in 24 hours, across all
    /// campaigns: a real supporter signs a few campaigns a day; a plus-address bomb is stopped at this many.
    /// </summary>
    [Range(1, 100)]
    public int ConfirmationsPerAddressPerDay { get; set; } = 3;

    /// <summary>Signing again while pending re-sends the confirmation, at most once per this long.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromHours(1);
}
