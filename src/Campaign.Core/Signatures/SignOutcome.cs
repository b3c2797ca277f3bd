namespace Campaign.Core.Signatures;

public enum SignOutcome { Pending, AlreadySigned }
