using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Signatures;
using Campaign.Service.Pages;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Admin;

/// <summary>
/// The admin campaign page's reach: signatures per <c>?ref=</c> code (counts only: no code is kept with a
/// signature), the partner sites that may embed the form, and the snippet to give them.
/// </summary>
public static class AdminShareSources
{
    public static string Render(CampaignDefinition campaign, IReadOnlyDictionary<string, long> counts, string publicBaseUrl)
    {
        // Every code the campaign has, in the file's order, then any counted code the file no longer lists.
        var codes = campaign.Share.AllCodes.Concat(counts.Keys.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal);
        var channels = SharePlan.Channels.ToDictionary(campaign.Share.CodeFor, c => c, StringComparer.Ordinal);
        var rows = string.Concat(codes.Select(code =>
            $"<tr data-ref=\"{E(code)}\"><td>{E(code)}</td><td>{E(channels.GetValueOrDefault(code) ?? (campaign.Share.IsCode(code) ? "other" : "no longer listed"))}</td><td data-signed>{counts.GetValueOrDefault(code).ToString(CultureInfo.InvariantCulture)}</td></tr>"));
        var origins = campaign.Embed.AllowedOrigins.Count == 0
            ? "<p class=\"muted\">No site may embed the form yet: list partner sites under <code>embed.allowed_origins</code> in the campaign file.</p>"
            : $"<p>Sites that may embed the form and call the public API: {string.Join(", ", campaign.Embed.AllowedOrigins.Select(o => $"<code>{E(o)}</code>"))}</p>";
        return $"""
            <h2>Where signers came from</h2>
            <p class="muted">New signatures per <code>?ref=</code> code of the link they followed; counted, never kept with a signature.</p>
            <div class="wide"><table class="share-sources"><tr><th>ref</th><th>channel</th><th>signatures</th></tr>{rows}</table></div>
            <h2>Embed the sign form</h2>
            {origins}
            <label for="embed-snippet">Paste into the partner's page:</label>
            <textarea id="embed-snippet" readonly rows="3">{E(EmbedPages.Snippet(campaign, publicBaseUrl, campaign.DefaultLanguage))}</textarea>
            """;
    }
}
