namespace Campaign.Core.Signatures;

/// <summary>
/// A threshold crossed: at least <paramref name="Signatures"/> signatures in the hour before <paramref name="AlertedAt"/>
/// from one source of a campaign, once per clock hour.
/// </summary>
/// <param name="Source"><c>domain</c>, <c>network</c> or <c>country</c>.</param>
/// <param name="SourceKey">The keyed hash of the domain or network (<c>SourceKeys</c>), or the country code.</param>
/// <param name="LastHour">Signatures from the source in the hour up to now, any status, when listed.</param>
/// <param name="StillCounting">Of those, the pending and confirmed ones: what an invalidation would still take back.</param>
public sealed record SurgeAlert(string Campaign, string Source, string SourceKey, DateTime Hour, int Signatures, DateTime AlertedAt,
    long LastHour = 0, long StillCounting = 0)
{
    public const string Domain = "domain";
    public const string Network = "network";
    public const string Country = "country";
}
