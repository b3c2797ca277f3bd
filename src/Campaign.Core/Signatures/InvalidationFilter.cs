namespace Campaign.Core.Signatures;

/// <summary>
/// Which signatures of a campaign an admin takes back: each part narrows when set. Domain and network are keyed
/// hashes (<c>SourceKeys</c>); the window is on the time of signing, both ends included.
/// </summary>
public sealed record InvalidationFilter(string? DomainKey, string? NetworkKey, DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>False for a filter that would choose every signature of the campaign: that is a pause, not an invalidation.</summary>
    public bool ChoosesSome => DomainKey is not null || NetworkKey is not null || From is not null || To is not null;
}
