using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Signatures;

/// <summary>When signatures from one source in one hour are a surge to look at (<c>Abuse:</c>).</summary>
public sealed class SurgeOptions
{
    public const string Section = "Abuse";

    /// <summary>
    /// Signatures in one hour from one email domain or one network (IPv4 /24, IPv6 /48) that raise an alert and
    /// tell the organizers once: the UK petitions site's figure. A real campaign in the news reaches it from a big
    /// webmail domain too; the alert asks an admin to look, it invalidates nothing by itself. 0 turns it off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SurgeAlertPerHour { get; set; } = 100;

    /// <summary>
    /// The same for one country. Higher: a country is millions of people, and a campaign about one country is
    /// signed from there above all; this is for a flood from a country the campaign does not speak to. 0 turns it off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SurgeCountryAlertPerHour { get; set; } = 1000;
}
