using Campaign.Core.Campaigns;
using Campaign.Core.Ledger;

namespace Campaign.Service.Api;

/// <summary>
/// <c>GET /api/campaigns/{slug}/ledger</c>: per target and day, how many letters and deliveries the relay accepted and
/// how many signatures they carried, and the chain head, so anyone can later check an export against it. Counts
/// only: no message, no supporter.
/// </summary>
public static class LedgerEndpoints
{
    public sealed record PublicLedger(string Campaign, long Entries, string? Head, IReadOnlyList<LedgerBook.Day> Days);

    public static IEndpointRouteBuilder MapLedgerApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/campaigns/{slug}/ledger", async (string slug, CampaignCatalog catalog, LedgerBook ledger, HttpContext http, CancellationToken ct) =>
        {
            if (catalog.Find(slug) is not { Status: not CampaignStatus.Draft }) return CampaignEndpoints.NotFound(slug);
            var summary = await ledger.PublicSummaryAsync(slug, ct);
            return ConditionalAnswer.Json(http, new PublicLedger(slug, summary.Entries, summary.Head, summary.Days), ConditionalAnswer.PublicCounts, variesByLanguage: false);
        }).WithTags("Public API").Produces<PublicLedger>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
