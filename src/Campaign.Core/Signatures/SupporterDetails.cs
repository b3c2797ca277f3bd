namespace Campaign.Core.Signatures;

/// <summary>What a message about a signature needs to know of the supporter, read when it is sent.</summary>
/// <param name="Share">The supporter chose to sign with their name and country.</param>
/// <param name="Replies">The supporter chose to let targets reply to their address.</param>
/// <param name="IsErased">
/// Erased by <see cref="SupporterErasure"/>: a confirmed signature keeps counting, but holds nobody (every other
/// field is empty), so no mail may be made from it.
/// </param>
public sealed record SupporterDetails(
    long Id,
    string Name,
    string Email,
    string Country,
    string Locale,
    string? Comment,
    string? LetterBody,
    bool Share,
    bool Replies,
    bool IsErased = false,
    bool IsInvalidated = false);
