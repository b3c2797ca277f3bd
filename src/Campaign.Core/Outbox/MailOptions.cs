using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Campaign.Core.Outbox;

/// <summary>
/// Who the service's mail comes from (<c>Mail:From</c>), and where a target's reply to a letter goes when the
/// supporter did not ask for replies (<c>Mail:ReplyTo</c>, by default the <c>Mail:From</c> address).
/// </summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    [Required]
    public string From { get; set; } = "Campaign <campaigns@campaign.example>";

    public string? ReplyTo { get; set; }

    /// <summary>The campaign's own reply address: <c>Mail:ReplyTo</c>, else the address of <c>Mail:From</c>.</summary>
    public MailboxAddress CampaignReplyTo() =>
        string.IsNullOrWhiteSpace(ReplyTo) ? new MailboxAddress("", MailboxAddress.Parse(From).Address) : MailboxAddress.Parse(ReplyTo);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(ReplyTo) && !MailboxAddress.TryParse(ReplyTo, out _))
            yield return new ValidationResult($"'{ReplyTo}' is not an address like \"replies@example.org\"", [nameof(ReplyTo)]);
    }
}
