using System.Collections.Concurrent;
using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Templates;
using Campaign.Core.Updates;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Pages;

/// <summary>
/// The campaign page's updates: those whose moment has come, newest first, in the page's language where the
/// update has it. Rendered once per set of updates shown, not per request: the page is the hot path of a surge.
/// </summary>
public static class UpdateList
{
    private static readonly ConcurrentDictionary<(CampaignDefinition Campaign, string Language, int Shown), string> Rendered = new();

    public static string Render(CampaignDefinition campaign, string language, DateTimeOffset now, PageWords words)
    {
        var shown = campaign.Updates.Count(u => u.IsDueAt(now));
        if (shown == 0) return "";
        return Rendered.GetOrAdd((campaign, language, shown), _ => Build(campaign, language, now, words));
    }

    private static string Build(CampaignDefinition campaign, string language, DateTimeOffset now, PageWords words)
    {
        var items = campaign.Updates.Where(u => u.IsDueAt(now)).OrderByDescending(u => u.SendAt).Select(update => $"""
            <article class="update" id="update-{E(update.Id)}">
            <h3>{E(update.Title.For(language, campaign.DefaultLanguage))}</h3>
            <p class="muted"><time datetime="{update.SendAt.UtcDateTime:yyyy-MM-dd}">{E(update.SendAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}</time></p>
            {TemplateRenderer.ToHtml(update.Body.For(language, campaign.DefaultLanguage))}
            </article>
            """);
        return $"""
            <section class="updates"><h2>{E(words.UpdatesTitle)}</h2>
            {string.Join("\n", items)}
            </section>
            """;
    }
}
