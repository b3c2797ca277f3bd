using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Outbox;

/// <summary>Who the service's mail comes from (<c>Mail:From</c>) and where its links point (<c>App:PublicBaseUrl</c>).</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    [Required]
    public string From { get; set; } = "Campaign <campaigns@campaign.example>";
}
