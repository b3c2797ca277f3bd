namespace Campaign.Core.Campaigns;

/// <summary>What loading a directory of campaign files gave: the valid campaigns and every problem found.</summary>
public sealed record CampaignLoadResult(IReadOnlyList<CampaignDefinition> Campaigns, IReadOnlyList<CampaignProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
