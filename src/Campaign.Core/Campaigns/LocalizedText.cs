namespace Campaign.Core.Campaigns;

/// <summary>A text in several languages; the campaign's default language fills any gap.</summary>
public sealed record LocalizedText(IReadOnlyDictionary<string, string> Values)
{
    public string For(string language, string defaultLanguage) =>
        Values.TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text) ? text
        : Values.TryGetValue(defaultLanguage, out var fallback) ? fallback
        : Values.Values.FirstOrDefault() ?? "";
}
