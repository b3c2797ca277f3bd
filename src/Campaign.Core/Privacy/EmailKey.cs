namespace Campaign.Core.Privacy;

/// <summary>The normalised form of an address under which a supporter can sign a campaign only once.</summary>
public static class EmailKey
{
    /// <summary>Case is ignored, and so is a trailing dot on the domain ("Ana@Example.ORG." = "ana@example.org").</summary>
    public static string For(string email)
    {
        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at < 0) return trimmed.ToLowerInvariant();
        var local = trimmed[..at];
        var domain = trimmed[(at + 1)..].TrimEnd('.');
        return $"{local}@{domain}".ToLowerInvariant();
    }
}
