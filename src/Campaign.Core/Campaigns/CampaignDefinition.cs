namespace Campaign.Core.Campaigns;

/// <summary>
/// One validated campaign file. Everything outside <c>Campaigns/</c> sees this record, never raw YAML.
/// </summary>
/// <param name="RetentionDays">How long after <see cref="Closes"/> the supporters are kept before they are erased.</param>
public sealed record CampaignDefinition(
    string Slug,
    CampaignKind Kind,
    CampaignStatus Status,
    DateTimeOffset? Opens,
    DateTimeOffset? Closes,
    int RetentionDays,
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
    /// <summary>The UK Parliament's six months: long enough to answer a target, short enough to keep nobody for good.</summary>
    public const int DefaultRetentionDays = 180;

    public string DefaultLanguage => Languages[0];

    /// <summary>The campaign's updates to its signers, from <c>{slug}/updates/*.md</c> beside the campaign file.</summary>
    public IReadOnlyList<Updates.CampaignUpdate> Updates { get; init; } = [];

    /// <summary>The partner sites that may frame the sign form and call the public API (<c>embed:</c>).</summary>
    public EmbedPolicy Embed { get; init; } = EmbedPolicy.None;

    /// <summary>The share step's text and <c>?ref=</c> codes (<c>share:</c>).</summary>
    public SharePlan Share { get; init; } = SharePlan.Default;

    public Updates.CampaignUpdate? FindUpdate(string id) => Updates.FirstOrDefault(u => u.Id == id);

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
