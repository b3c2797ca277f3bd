namespace Campaign.Core.Campaigns;

public sealed record DeliveryPlan(string? Schedule, bool OnMilestones, bool AttachCsv);
