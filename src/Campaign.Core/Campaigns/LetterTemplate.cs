namespace Campaign.Core.Campaigns;

/// <param name="AnonymousSignature">Signs the letter of a supporter who did not choose to share their name.</param>
/// <param name="AllowReplies">Whether a supporter may let the targets reply to their own address.</param>
public sealed record LetterTemplate(LocalizedText Subject, LocalizedText Body, bool Editable, LocalizedText AnonymousSignature, bool AllowReplies);
