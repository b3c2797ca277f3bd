using System.Collections.Concurrent;
using Campaign.Core.Campaigns;

namespace Campaign.Service.Pages;

/// <summary>
/// The parts of <c>/c/{slug}</c> that are the same for every visitor — the campaign's words as HTML, its progress,
/// the filled letter or petition — rendered once per campaign, language and count (issue 14, point 2). Under a
/// surge the count changes at most once a second, so page views cost no Markdown or template rendering; only
/// the form, with its visitor's antiforgery token and challenge, is written per request.
/// </summary>
/// <remarks>
/// One entry per campaign and language, replaced when the count moves: the cache never grows past the
/// campaigns' languages. Visitors arriving together at a new count share one rendering (the Lazy).
/// </remarks>
public sealed class CampaignPageParts
{
    private sealed record Rendered(CampaignDefinition Campaign, long Confirmed, Lazy<string> Html);

    private readonly ConcurrentDictionary<(string Slug, string Language), Rendered> rendered = new();

    public string For(CampaignDefinition campaign, string language, long confirmed, Func<string> render)
    {
        var fresh = new Rendered(campaign, confirmed, new Lazy<string>(render, LazyThreadSafetyMode.ExecutionAndPublication));
        // The campaign itself is part of the key (by reference): a catalog read again from its files renders anew.
        return rendered.AddOrUpdate((campaign.Slug, language), fresh,
            (_, held) => ReferenceEquals(held.Campaign, campaign) && held.Confirmed == confirmed ? held : fresh).Html.Value;
    }
}
