using System.Text.RegularExpressions;

namespace Campaign.Core.Campaigns;

/// <summary>The shapes simple values of a campaign file must have.</summary>
public static partial class CampaignFormats
{
    /// <summary>3-64 characters of a-z, 0-9 and '-': the slug is part of every campaign URL.</summary>
    public static bool IsSlug(string text) => Slug().IsMatch(text);

    /// <summary>A 2-3 letter lower-case language code such as en, ko, zh, lo.</summary>
    public static bool IsLanguageCode(string text) => LanguageCode().IsMatch(text);

    /// <summary>A target id: a-z, 0-9 and '-'.</summary>
    public static bool IsTargetId(string text) => TargetId().IsMatch(text);

    /// <summary>
    /// A plain address (local@domain.tld) without a display name. Deliberately stricter than RFC 5322:
    /// these addresses are typed by organizers, and a typo should fail validation, not delivery.
    /// </summary>
    public static bool IsEmail(string text) =>
        text.Length <= 254 && Email().IsMatch(text) && !text.Contains("..", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9-]{3,64}$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguageCode();

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex TargetId();

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")]
    private static partial Regex Email();
}
