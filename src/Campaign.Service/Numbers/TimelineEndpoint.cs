using Campaign.Core.Campaigns;
using Campaign.Service.Api;

namespace Campaign.Service.Numbers;

/// <summary><c>GET /api/campaigns/{slug}/timeline</c>: the public numbers as JSON, cacheable like the campaign's count.</summary>
public static class TimelineEndpoint
{
    public static async Task<IResult> GetAsync(string slug, HttpContext http, CampaignCatalog catalog, PublicNumbers numbers, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is not { } campaign || campaign.Status == CampaignStatus.Draft) return CampaignEndpoints.NotFound(slug);
        return ConditionalAnswer.Json(http, await numbers.ForAsync(campaign, cancellationToken), ConditionalAnswer.PublicCounts);
    }
}
