namespace Campaign.Core.Signatures;

public enum TokenCheck { Valid, Malformed, Expired }
