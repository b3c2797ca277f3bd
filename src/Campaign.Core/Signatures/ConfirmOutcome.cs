namespace Campaign.Core.Signatures;

public enum ConfirmOutcome { Confirmed, AlreadyConfirmed, Gone }
