using System.Globalization;

namespace Campaign.Core.Privacy;

/// <summary>
/// The one form of all the spellings that reach the same mailbox, so that <c>Victim+1@Gmail.com</c>,
/// <c>v.i.c.t.i.m@googlemail.com</c> and <c>victim@gmail.com</c> are one person: one signature per campaign,
/// one confirmation budget, one suppression, one erasure. Only lookups use it; mail goes to the address as typed.
/// </summary>
public sealed class CanonicalAddress
{
    /// <summary>Providers known to deliver <c>a.b@</c> and <c>ab@</c> to one mailbox (<c>Abuse:DotlessDomains</c>'s default).</summary>
    public static readonly IReadOnlyList<string> DefaultDotlessDomains = ["gmail.com", "googlemail.com"];

    // Google delivers both names to one mailbox; the key must not tell them apart either.
    private static readonly Dictionary<string, string> SameProvider = new(StringComparer.Ordinal) { ["googlemail.com"] = "gmail.com" };

    // Declared before Default, which uses it while the type is initialised.
    private static readonly IdnMapping Idn = new();

    public static CanonicalAddress Default { get; } = new(DefaultDotlessDomains);

    private readonly HashSet<string> dotless;

    public CanonicalAddress(IEnumerable<string> dotlessDomains)
    {
        dotless = new HashSet<string>(dotlessDomains.Select(Domain), StringComparer.Ordinal);
        Rules = "v1;" + string.Join(",", dotless.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// What the keys of the database were made under: when it changes (a new provider in the list), every
    /// signature's key is made again at start (<see cref="Rekeying"/>).
    /// </summary>
    public string Rules { get; }

    /// <summary>
    /// Lower case, the domain in its ASCII (punycode) form without a trailing dot, the local part without its
    /// <c>+tag</c>, and without dots for the providers that ignore them.
    /// </summary>
    public string For(string email)
    {
        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at < 0) return trimmed.ToLowerInvariant();
        var domain = Domain(trimmed[(at + 1)..]);
        var local = trimmed[..at].ToLowerInvariant();
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0) local = local[..plus];
        if (dotless.Contains(domain))
        {
            var withoutDots = local.Replace(".", "", StringComparison.Ordinal);
            if (withoutDots.Length > 0) local = withoutDots;
        }
        return $"{local}@{SameProvider.GetValueOrDefault(domain, domain)}";
    }

    private static string Domain(string domain)
    {
        var lower = domain.Trim().TrimEnd('.').ToLowerInvariant();
        try
        {
            // "bücher.example" and "xn--bcher-kva.example" are one domain.
            return lower.Length == 0 ? lower : Idn.GetAscii(lower).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return lower; // not a domain IDNA accepts: sending will fail anyway; keep a stable key.
        }
    }
}
