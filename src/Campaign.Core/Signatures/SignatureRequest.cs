namespace Campaign.Core.Signatures;

/// <summary>A signature that has passed validation: what a supporter gave, and nothing more.</summary>
public sealed record SignatureRequest(
    string Name,
    string Email,
    string Country,
    string? Postcode,
    string Language,
    string? Comment,
    string? LetterBody,
    bool Share);
