using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Signatures;

/// <summary>What public numbers may reveal (<c>Privacy:</c>).</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// A country with fewer confirmed signatures than this is counted as <c>other</c> wherever counts by country
    /// leave the admin's view: "KP: 1" would point at one person.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MinCountryCount { get; set; } = 10;

    /// <summary>
    /// The master key (base64, 32 bytes) under which supporters' details are sealed. Unset, the service keeps
    /// one it generates under <c>Data:Directory</c>; several processes on one database need the same key.
    /// </summary>
    public string? DataKey { get; set; }

    /// <summary>The key <c>rotate-key</c> replaces; processes given both open data sealed under either.</summary>
    public string? PreviousDataKey { get; set; }
}
