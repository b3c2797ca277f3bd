namespace Campaign.Core.Campaigns;

public enum CampaignKind { Letter, Petition }
