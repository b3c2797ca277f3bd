using System.Globalization;
using System.Text.Json;
using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Service.Api;

namespace Campaign.Service.Admin;

/// <summary>
/// Protecting the targets from the admin API: cancel one waiting message, every waiting letter of a signature,
/// or a campaign's waiting letters with an optional filter (count first with <c>.../preview</c>), and read each
/// target's queue. Routed in the admin group, so every POST lands in the audit log (<see cref="AdminAudit"/>).
/// </summary>
public static class LetterCancelAdminApi
{
    public sealed record CancelCount(int Count);

    public sealed record CancelAnswer(int Cancelled);

    private static readonly string[] Fields = ["target", "before", "identicalTo"];

    public static RouteGroupBuilder MapLetterCancelAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/messages/{id:long}/cancel", CancelMessageAsync);
        admin.MapPost("/signatures/{id:long}/letters/cancel", async (long id, LetterCancellations cancellations, CancellationToken ct) =>
            await cancellations.CancelSignatureAsync(id, ct) is { } cancelled
                ? Results.Ok(new CancelAnswer(cancelled))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such signature."));
        admin.MapPost("/campaigns/{slug}/letters/cancel/preview", async (string slug, HttpRequest request, CampaignCatalog catalog,
            LetterCancellations cancellations, CancellationToken ct) =>
        {
            var (filter, problem) = await FilterAsync(slug, request, catalog, cancellations, ct);
            return problem ?? Results.Ok(new CancelCount(await cancellations.CountAsync(slug, filter!, ct)));
        });
        admin.MapPost("/campaigns/{slug}/letters/cancel", async (string slug, HttpRequest request, CampaignCatalog catalog,
            LetterCancellations cancellations, CancellationToken ct) =>
        {
            var (filter, problem) = await FilterAsync(slug, request, catalog, cancellations, ct);
            return problem ?? Results.Ok(new CancelAnswer(await cancellations.CancelAsync(slug, filter!, ct)));
        });
        admin.MapGet("/campaigns/{slug}/queues", async (string slug, CampaignCatalog catalog, OutboxReport report, CancellationToken ct) =>
            catalog.Find(slug) is { } campaign
                ? Results.Ok(TargetQueues.Of(campaign, await report.QueuedByTargetAsync(slug, ct), everyTarget: true))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign."));
        admin.MapGet("/queues", async (CampaignCatalog catalog, OutboxReport report, CancellationToken ct) =>
            Results.Ok(TargetQueues.Waiting(catalog, await report.QueuedByTargetAsync(null, ct))));
        return admin;
    }

    private static async Task<IResult> CancelMessageAsync(long id, LetterCancellations cancellations, CancellationToken ct)
    {
        var (outcome, status) = await cancellations.CancelMessageAsync(id, ct);
        return outcome switch
        {
            LetterCancellations.Outcome.Cancelled => Results.Ok(new { id, status }),
            LetterCancellations.Outcome.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such message."),
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "This message cannot be cancelled.",
                detail: $"It is {status}: only queued and deferred messages can be cancelled (a sending one is on the wire)."),
        };
    }

    /// <summary>
    /// The filter as posted: none (no body, or <c>{}</c>) chooses every waiting letter of the campaign. A field
    /// this API does not know is refused, not ignored: a mistyped filter must never cancel the whole campaign.
    /// </summary>
    private static async Task<(LetterCancellations.Filter? Filter, IResult? Problem)> FilterAsync(string slug, HttpRequest request,
        CampaignCatalog catalog, LetterCancellations cancellations, CancellationToken ct)
    {
        if (catalog.Find(slug) is not { } campaign) return (null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign."));
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType())) return (new(null, null, null), null);
        var (body, problem) = await JsonBody.ReadAsync(request, 4 * 1024, ct);
        if (problem is not null) return (null, problem);
        using var document = body!;
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            return (null, Invalid(new() { ["body"] = ["must be an object with target, before and/or identicalTo"] }));

        var errors = new Dictionary<string, string[]>();
        string? target = null;
        DateTimeOffset? before = null;
        long? identicalTo = null;
        foreach (var field in document.RootElement.EnumerateObject())
        {
            var value = field.Value;
            if (value.ValueKind == JsonValueKind.Null) continue;
            switch (Fields.FirstOrDefault(f => string.Equals(f, field.Name, StringComparison.OrdinalIgnoreCase)))
            {
                case "target":
                    target = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    if (target is null || campaign.FindTarget(target) is null)
                        errors["target"] = [$"must be a target id of this campaign: {string.Join(", ", campaign.Targets.Select(t => t.Id))}"];
                    break;
                case "before":
                    if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture,
                            DateTimeStyles.AssumeUniversal, out var at))
                        before = at;
                    else
                        errors["before"] = ["must be a time like 2026-12-01T09:00:00Z"];
                    break;
                case "identicalTo":
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) && id > 0) identicalTo = id;
                    else errors["identicalTo"] = ["must be a message id (a whole number)"];
                    break;
                default:
                    errors[field.Name] = ["is not a filter: use target, before and/or identicalTo"];
                    break;
            }
        }
        string? letterKey = null;
        if (identicalTo is { } messageId && !errors.ContainsKey("identicalTo")
            && (letterKey = await cancellations.LetterKeyOfAsync(slug, messageId, ct)) is null)
            errors["identicalTo"] = ["must be a letter of this campaign that its supporter wrote in their own words"];
        if (errors.Count > 0) return (null, Invalid(errors));
        return (new LetterCancellations.Filter(target, before, letterKey), null);
    }

    private static IResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The letters to cancel are not clear.");
}
