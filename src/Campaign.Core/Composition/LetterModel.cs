using Campaign.Core.Campaigns;

namespace Campaign.Core.Composition;

/// <summary>
/// The variables of <see cref="Templates.TemplateVariables.Known"/>, filled in for one letter: by the composer
/// for the letter a target receives, and by the campaign page for the letter a supporter reads before signing,
/// so both say the same.
/// </summary>
public static class LetterModel
{
    public static Dictionary<string, object?> For(CampaignDefinition campaign, Target target, string language, long signatures,
        string supporterName, string supporterCountry, string? supporterComment) => new()
    {
        ["supporter"] = new Dictionary<string, object?>
        {
            ["name"] = supporterName,
            ["country"] = supporterCountry,
            ["comment"] = supporterComment ?? "",
        },
        ["target"] = new Dictionary<string, object?>
        {
            ["id"] = target.Id,
            ["name"] = target.Name,
            ["country"] = target.Country,
        },
        ["campaign"] = new Dictionary<string, object?>
        {
            ["slug"] = campaign.Slug,
            ["title"] = campaign.Title.For(language, campaign.DefaultLanguage),
            ["goal"] = campaign.Goal,
        },
        ["signatures"] = new Dictionary<string, object?> { ["total"] = signatures },
    };
}
