namespace Campaign.Core.Campaigns;

public sealed record LetterTemplate(LocalizedText Subject, LocalizedText Body, bool Editable);
