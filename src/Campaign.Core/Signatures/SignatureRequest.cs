namespace Campaign.Core.Signatures;

/// <summary>A signature that has passed validation: what a supporter gave, and nothing more.</summary>
/// <param name="Share">Sign letters and petition deliveries with the supporter's name and country.</param>
/// <param name="Replies">Let the targets reply to the supporter's address, where the campaign allows it.</param>
/// <param name="Updates">Send the supporter the campaign's updates.</param>
public sealed record SignatureRequest(
    string Name,
    string Email,
    string Country,
    string? Postcode,
    string Language,
    string? Comment,
    string? LetterBody,
    bool Share,
    bool Replies = false,
    bool Updates = false);
