using Campaign.Core.Campaigns;

namespace Campaign.Core.Signatures;

/// <summary>One signature to take: the campaign, what the supporter sent, and where it came from.</summary>
public sealed record Signing(CampaignDefinition Campaign, SignatureRequest Request, SignatureSource Source);
