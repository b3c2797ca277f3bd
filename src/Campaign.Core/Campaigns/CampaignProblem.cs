namespace Campaign.Core.Campaigns;

/// <summary>One thing wrong with a campaign file, reported as <c>file:line: message</c>.</summary>
public sealed record CampaignProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
