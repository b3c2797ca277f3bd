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

    /// <summary>The domain of every message's envelope sender (<c>bounces+…@</c>), where bounces come back; by default the <c>Mail:From</c> domain.</summary>
    public string? BounceDomain { get; set; }

    public DkimOptions Dkim { get; set; } = new();

    /// <summary>The domain mail is sent from: the DKIM signing domain.</summary>
    public string FromDomain() => MailboxAddress.Parse(From).Domain;

    public string ReturnDomain() => string.IsNullOrWhiteSpace(BounceDomain) ? FromDomain() : BounceDomain.Trim();

    /// <summary>The campaign's own reply address: <c>Mail:ReplyTo</c>, else the address of <c>Mail:From</c>.</summary>
    public MailboxAddress CampaignReplyTo() =>
        string.IsNullOrWhiteSpace(ReplyTo) ? new MailboxAddress("", MailboxAddress.Parse(From).Address) : MailboxAddress.Parse(ReplyTo);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(ReplyTo) && !MailboxAddress.TryParse(ReplyTo, out _))
            yield return new ValidationResult($"'{ReplyTo}' is not an address like \"replies@example.org\"", [nameof(ReplyTo)]);
        if (!string.IsNullOrWhiteSpace(BounceDomain) && Uri.CheckHostName(BounceDomain.Trim()) != UriHostNameType.Dns)
            yield return new ValidationResult($"'{BounceDomain}' is not a domain like \"bounces.example.org\"", [nameof(BounceDomain)]);
        if (string.IsNullOrWhiteSpace(Dkim.Selector) || Uri.CheckHostName(Dkim.Selector) != UriHostNameType.Dns)
            yield return new ValidationResult($"Dkim:Selector '{Dkim.Selector}' is not a DNS label like \"campaign2026\"", ["Dkim:Selector"]);
    }
}
