using System.Globalization;
using System.Net;
using System.Text.Json;
using Campaign.Core.Campaigns;
using Campaign.Core.Privacy;
using Campaign.Core.Signatures;
using Campaign.Service.Abuse;
using Campaign.Service.Api;
using Hangfire;

namespace Campaign.Service.Admin;

/// <summary>
/// Undoing a fake surge: <c>POST /api/admin/campaigns/{slug}/invalidations/preview</c> counts what a filter
/// chooses, <c>POST .../invalidations</c> takes it back in the background (202 and an id) and
/// <c>GET .../invalidations/{id}</c> follows it. Every POST lands in the audit log (<see cref="AdminAudit"/>).
/// </summary>
public static class SurgeAdminApi
{
    /// <param name="Domain">An email domain as typed (<c>example.org</c>); found by its keyed hash.</param>
    /// <param name="Network">A network's key as the dashboard shows it in full, or any IP address of the network.</param>
    public sealed record InvalidationRequest(string? Domain, string? Network, DateTimeOffset? From, DateTimeOffset? To);

    public sealed record InvalidationCount(int Count);

    public static IEndpointRouteBuilder MapSurgeAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/campaigns/{slug}/invalidations").WithTags("Admin").RequireAuthorization(AdminAccess.Policy);
        admin.MapPost("/preview", PreviewAsync);
        admin.MapPost("", InvalidateAsync);
        admin.MapGet("/{id:long}", async (string slug, long id, HttpContext http, CancellationToken ct) =>
            await InvalidationsOf(http).FindAsync(slug, id, ct) is { } progress ? Results.Ok(progress) : Results.NotFound());
        app.MapGroup("/admin").RequireAuthorization(AdminAccess.Policy).MapGet("/surges", AdminSurges.PageAsync);
        return app;
    }

    private static async Task<IResult> PreviewAsync(string slug, HttpContext http, CampaignCatalog catalog, KeyRing ring, CancellationToken ct)
    {
        var (filter, problem) = await FilterAsync(slug, http.Request, catalog, ring, ct);
        return problem ?? Results.Ok(new InvalidationCount(await InvalidationsOf(http).CountAsync(slug, filter!, ct)));
    }

    private static async Task<IResult> InvalidateAsync(string slug, HttpContext http, CampaignCatalog catalog, KeyRing ring,
        IBackgroundJobClient jobs, CancellationToken ct)
    {
        var (filter, problem) = await FilterAsync(slug, http.Request, catalog, ring, ct);
        if (problem is not null) return problem;
        var progress = await InvalidationsOf(http).RequestAsync(slug, filter!, ct);
        jobs.Enqueue<Invalidations>(i => i.RunAsync(progress.Id, CancellationToken.None));
        return Results.Accepted($"/api/admin/campaigns/{Uri.EscapeDataString(slug)}/invalidations/{progress.Id}", progress);
    }

    private static async Task<(InvalidationFilter? Filter, IResult? Problem)> FilterAsync(string slug, HttpRequest http, CampaignCatalog catalog,
        KeyRing ring, CancellationToken ct)
    {
        if (catalog.Find(slug) is null) return (null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign."));
        var (body, problem) = await JsonBody.ReadAsync(http, 4 * 1024, ct);
        if (problem is not null) return (null, problem);
        InvalidationRequest? request;
        try
        {
            request = body!.RootElement.Deserialize<InvalidationRequest>(JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            request = null;
        }
        if (request is null) return (null, Invalid("body", "must be an object with domain, network, from and/or to"));
        var keys = new SourceKeys(ring);
        var filter = new InvalidationFilter(
            string.IsNullOrWhiteSpace(request.Domain) ? null : keys.Domain(request.Domain.Trim()),
            NetworkKey(request.Network, keys), request.From, request.To);
        if (!filter.ChoosesSome) return (null, Invalid("body", "choose a domain, a network or a time window: an invalidation never takes a whole campaign"));
        return (filter, null);
    }

    private static Invalidations InvalidationsOf(HttpContext http) => http.RequestServices.GetRequiredService<Invalidations>();

    /// <summary>An IP address stands for its network (<see cref="ClientKeys"/>); anything else is taken as a key.</summary>
    public static string? NetworkKey(string? typed, SourceKeys keys)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var text = typed.Trim();
        return IPAddress.TryParse(text, out var address) ? keys.Network(ClientKeys.Of(address).Network) : text;
    }

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The invalidation has problems.");

    internal static string Utc(DateTime at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
