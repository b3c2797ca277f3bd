namespace Campaign.Core.Campaigns;

/// <summary>
/// The languages a file declares, as far as they could be read. When the list itself is broken,
/// <see cref="Known"/> is false and language checks elsewhere stay quiet rather than pile on.
/// </summary>
internal sealed record CampaignLanguages(IReadOnlyList<string> Codes, bool Known)
{
    public string? Default => Known && Codes.Count > 0 ? Codes[0] : null;

    public bool Allows(string code) => !Known || Codes.Contains(code);
}
