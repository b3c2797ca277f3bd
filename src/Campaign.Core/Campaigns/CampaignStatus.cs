namespace Campaign.Core.Campaigns;

public enum CampaignStatus { Draft, Active, Paused, Closed }
