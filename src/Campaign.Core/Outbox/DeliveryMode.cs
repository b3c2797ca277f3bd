namespace Campaign.Core.Outbox;

public enum DeliveryMode { Sandbox, Live }
