namespace Campaign.Core.Campaigns;

public enum CampaignKind { Letter, Petition }

public enum CampaignStatus { Draft, Active, Paused, Closed }

/// <summary>
/// One validated campaign file. Everything outside <c>Campaigns/</c> sees this record, never raw YAML.
/// </summary>
public sealed record CampaignDefinition(
    string Slug,
    CampaignKind Kind,
    CampaignStatus Status,
    DateTimeOffset? Opens,
    DateTimeOffset? Closes,
    int? Goal,
    IReadOnlyList<int> Milestones,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Organizers,
    LocalizedText Title,
    LocalizedText Summary,
    IReadOnlyList<Target> Targets,
    LocalizedText? PetitionText,
    LetterTemplate? Letter,
    DeliveryPlan? Delivery,
    string SourcePath)
{
    public string DefaultLanguage => Languages[0];

    public Target? FindTarget(string id) => Targets.FirstOrDefault(t => t.Id == id);

    /// <summary>Whether a supporter may sign now: active or paused, and inside the opens/closes window.</summary>
    public bool TakesSignaturesAt(DateTimeOffset now) =>
        Status is CampaignStatus.Active or CampaignStatus.Paused
        && (Opens is null || now >= Opens)
        && (Closes is null || now < Closes);

    /// <summary>Picks the campaign language closest to <paramref name="wanted"/> ("ko-KR" → "ko"), else the default.</summary>
    public string PickLanguage(string? wanted)
    {
        if (string.IsNullOrWhiteSpace(wanted)) return DefaultLanguage;
        var primary = wanted.Split('-', '_')[0].Trim().ToLowerInvariant();
        return Languages.Contains(primary) ? primary : DefaultLanguage;
    }
}

/// <summary>A text in several languages; the campaign's default language fills any gap.</summary>
public sealed record LocalizedText(IReadOnlyDictionary<string, string> Values)
{
    public string For(string language, string defaultLanguage) =>
        Values.TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text) ? text
        : Values.TryGetValue(defaultLanguage, out var fallback) ? fallback
        : Values.Values.FirstOrDefault() ?? "";
}

public sealed record Target(
    string Id,
    string Name,
    string Country,
    string Email,
    string Language,
    string TimeZone,
    int MaxPerHour,
    OfficeHours? OfficeHours);

/// <summary>"Mon-Fri 09:00-17:00": the days and local hours in which a target's office reads letters.</summary>
public sealed record OfficeHours(IReadOnlySet<DayOfWeek> Days, TimeOnly Opens, TimeOnly Closes, string Text);

public sealed record LetterTemplate(LocalizedText Subject, LocalizedText Body, bool Editable);

public sealed record DeliveryPlan(string? Schedule, bool OnMilestones, bool AttachCsv);
