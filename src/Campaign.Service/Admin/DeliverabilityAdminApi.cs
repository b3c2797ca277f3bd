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
    public static void MapDeliverabilityAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/suppressions", async (Suppressions suppressions, SupporterVault vault, string? email, int? limit, CancellationToken ct) =>
        {
            if (email is not null)
            {
                var key = vault.AddressKey(email);
                return TypedResults.Ok((await suppressions.FindAsync([key], ct)).Values.ToList());
            }
            return TypedResults.Ok((await suppressions.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), ct)).ToList());
        });
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
