using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Campaign.Service.Numbers;

/// <summary>
/// Absolute addresses of a campaign's page, for what leaves the site — link previews and QR codes — built
/// from <c>App:PublicBaseUrl</c>, never from the request's Host header (which a client chooses).
/// </summary>
public static class CampaignLinks
{
    public static string Page(AppOptions app, string slug, string? language) =>
        Absolute(app, $"/c/{Uri.EscapeDataString(slug)}" + (language is null ? "" : $"?lang={Uri.EscapeDataString(language)}"));

    public static string Absolute(AppOptions app, string path) => app.PublicBaseUrl.TrimEnd('/') + path;

    /// <summary>The site's name as previews show it: the host of the public URL.</summary>
    public static string SiteName(AppOptions app) => new Uri(app.PublicBaseUrl).Host;

    /// <summary>
    /// <c>?lang=</c> when it names one of the campaign's languages, null when absent; a 400 naming the field when
    /// it names another (a poster must not link to a page that falls back to some other language).
    /// </summary>
    public static (string? Language, ValidationProblem? Problem) Language(CampaignDefinition campaign, string? lang)
    {
        if (string.IsNullOrEmpty(lang)) return (null, null);
        if (campaign.Languages.Contains(lang)) return (lang, null);
        return (null, TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["lang"] = [$"must be one of the campaign's languages: {string.Join(", ", campaign.Languages)}"] },
            title: "The request has problems."));
    }
}
