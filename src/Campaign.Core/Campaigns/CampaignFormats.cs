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

    /// <summary>A share code (<c>?ref=wa</c>): 1-32 characters of a-z, 0-9 and '-', short enough for a chat message's link.</summary>
    public static bool IsRefCode(string text) => RefCode().IsMatch(text);

    /// <summary>
    /// <paramref name="text"/> as a web origin the way a browser writes it in its <c>Origin</c> header and CSP reads it
    /// in <c>frame-ancestors</c>: lower-case <c>scheme://host</c>, a port only when it is not the scheme's default.
    /// Null for anything else: another scheme, a path, a query, a user name, a wildcard.
    /// </summary>
    public static string? Origin(string text)
    {
        if (text.Contains('*') || !Uri.TryCreate(text, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme is not ("https" or "http") || uri.Host.Length == 0 || uri.UserInfo.Length > 0) return null;
        // Uri adds the "/" itself; anything past it (a path, ?, #) is not part of an origin.
        var afterAuthority = text[(text.IndexOf("//", StringComparison.Ordinal) + 2)..];
        if (afterAuthority.IndexOfAny(['/', '?', '#']) >= 0) return null;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex RefCode();

    [GeneratedRegex("^[a-z0-9-]{3,64}$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguageCode();

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex TargetId();

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")]
    private static partial Regex Email();
}
