namespace Campaign.Core.Campaigns;

/// <summary>Reads and validates every <c>*.yaml</c> file of a campaign directory.</summary>
public static class CampaignFiles
{
    public static CampaignLoadResult LoadDirectory(string directory) => throw new NotImplementedException("CampaignFiles.LoadDirectory");
}
