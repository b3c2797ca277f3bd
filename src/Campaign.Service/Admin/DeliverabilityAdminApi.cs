using Campaign.Core.Deliverability;
using Campaign.Core.Outbox;
using Campaign.Core.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Campaign.Service.Admin;

/// <summary>
/// What admins see of deliverability: suppressed addresses (by lookup key only; an admin who knows an
/// address can ask about it) and targets whose address fails, with the means to lift either.
/// </summary>
public static class DeliverabilityAdminApi
{
    public sealed record AddressLookup(string? Email);

    public static void MapDeliverabilityAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/suppressions", async (Suppressions suppressions, int? limit, CancellationToken ct) =>
            TypedResults.Ok(await suppressions.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), ct)));
        // The address goes in the body: a query string ends up in proxies' access logs.
        admin.MapPost("/suppressions/lookup", async Task<Results<Ok<List<Suppressions.Entry>>, ProblemHttpResult>> (AddressLookup lookup, Suppressions suppressions,
            SupporterVault vault, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(lookup.Email)
                ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "email: an address is required")
                : TypedResults.Ok((await suppressions.FindAsync([vault.AddressKey(lookup.Email)], ct)).Values.ToList()));
        admin.MapDelete("/suppressions/{addressKey}", async Task<Results<NoContent, NotFound>> (string addressKey, Suppressions suppressions, CancellationToken ct) =>
            await suppressions.RemoveAsync(addressKey, ct) ? TypedResults.NoContent() : TypedResults.NotFound());
        admin.MapGet("/failing-targets", async (FailingTargets targets, CancellationToken ct) => TypedResults.Ok(await targets.ListAsync(ct)));
        admin.MapDelete("/campaigns/{slug}/targets/{targetId}/failing", async Task<Results<NoContent, NotFound>> (string slug, string targetId,
            FailingTargets targets, IDispatchScheduler dispatcher, CancellationToken ct) =>
        {
            if (!await targets.ClearAsync(slug, targetId, ct)) return TypedResults.NotFound();
            dispatcher.Kick(); // the held mail is due now
            return TypedResults.NoContent();
        });
    }
}
