namespace Campaign.Core.Signatures;

/// <summary>What a supporter's token lets them do. Only <see cref="Confirm"/> expires: the others must work for as long as we keep anything of them.</summary>
public enum TokenPurpose : byte { Confirm = 1, Unsubscribe = 2, Erase = 3, StopUpdates = 4 }
