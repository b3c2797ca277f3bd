namespace Campaign.Core.Signatures;

/// <summary>What one erasure did.</summary>
/// <param name="Erased">Signatures that still held someone's details and now hold none.</param>
/// <param name="Ended">Signatures whose status it changed: pending ones (withdrawn, or expired), and confirmed ones a supporter withdrew.</param>
public readonly record struct ErasureOutcome(int Erased, int Ended);
