namespace Campaign.Core.Campaigns;

/// <summary>One thing wrong with a campaign file, reported as <c>file:line: message</c>.</summary>
public sealed record CampaignProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>What loading a directory of campaign files gave: the valid campaigns and every problem found.</summary>
public sealed record CampaignLoadResult(IReadOnlyList<CampaignDefinition> Campaigns, IReadOnlyList<CampaignProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
