namespace Campaign.Core.Deliveries;

public enum DeliveryReason { Schedule, Milestone, Closing }
