namespace Campaign.Core.Campaigns;

/// <summary>The campaigns this process serves, loaded once at start-up from the campaign directory.</summary>
public sealed class CampaignCatalog(IReadOnlyList<CampaignDefinition> campaigns)
{
    private readonly Dictionary<string, CampaignDefinition> bySlug = campaigns.ToDictionary(c => c.Slug, StringComparer.Ordinal);

    public IReadOnlyList<CampaignDefinition> All { get; } = campaigns;

    public CampaignDefinition? Find(string slug) => bySlug.GetValueOrDefault(slug);
}
