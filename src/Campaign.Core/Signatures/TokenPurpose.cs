namespace Campaign.Core.Signatures;

public enum TokenPurpose : byte { Confirm = 1, Unsubscribe = 2 }
