using Campaign.Core.Campaigns;

namespace Campaign.Core.Signatures;

/// <summary>One signature to take: the campaign, what the supporter sent, and where it came from.</summary>
/// <param name="Ref">The campaign's share code the supporter arrived with (<see cref="SharePlan"/>), or null. It is
/// counted with the campaign's others (<see cref="SignatureRefCounts"/>), never kept with the signature.</param>
public sealed record Signing(CampaignDefinition Campaign, SignatureRequest Request, SignatureSource Source, string? Ref = null);
