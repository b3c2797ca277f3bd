namespace Campaign.Core.Privacy;

/// <summary>The normalised form of an address under which a supporter can sign a campaign only once.</summary>
public static class EmailKey
{
    /// <summary>
    /// The canonical form with the default providers (<see cref="CanonicalAddress"/>): case, a trailing dot on
    /// the domain, IDN spelling, a <c>+tag</c> and Gmail's dots are ignored.
    /// </summary>
    public static string For(string email) => CanonicalAddress.Default.For(email);
}
