namespace Campaign.Core.Signatures;

/// <summary>What a message about a signature needs to know of the supporter, read when it is sent.</summary>
public sealed record SupporterDetails(
    long Id,
    string Name,
    string Email,
    string Country,
    string Locale,
    string? Comment,
    string? LetterBody);
