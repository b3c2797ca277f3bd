using Campaign.Core.Campaigns;
using Campaign.Core.Deliveries;
using Campaign.Service.Cli;
using Campaign.Service.Hosting;

namespace Campaign.Service.Admin;

/// <summary>The organizers' admin endpoints: what each target was delivered, and what a message will look like.</summary>
public static class OrganizerAdminApi
{
    /// <param name="admin">The admin group, already behind the admin key.</param>
    public static IEndpointRouteBuilder MapOrganizerAdmin(this IEndpointRouteBuilder app, RouteGroupBuilder admin)
    {
        admin.MapGet("/campaigns/{slug}/deliveries", DeliveriesAsync);
        admin.MapGet("/campaigns/{slug}/deliveries/{id:long}/signatures", DeliveredSignaturesAsync).WithMetadata(new AdminAudit.AuditedRead());
        admin.MapGet("/campaigns/{slug}/preview", Preview);
        return app;
    }

    public sealed record TargetDeliveries(string Target, string? Schedule, string TimeZone, DateTimeOffset? NextScheduled, IReadOnlyList<DeliveryRecords.DeliveryView> Deliveries);

    private static async Task<IResult> DeliveriesAsync(string slug, string? target, CampaignCatalog catalog, DeliveryRecords records, TimeProvider time, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is not { } campaign) return NoSuchCampaign();
        var all = await records.ListAsync(slug, target, cancellationToken);
        var now = time.GetUtcNow();
        var schedule = campaign.Delivery?.Schedule;
        // Targets removed from the file keep their record: what they received stays provable.
        var targets = campaign.Targets.Select(t => t.Id).Concat(all.Select(d => d.Target)).Distinct().Where(t => target is null || t == target);
        return TypedResults.Ok(targets.Select(id =>
        {
            var zone = campaign.FindTarget(id)?.TimeZone ?? "UTC";
            var next = schedule is null || campaign.FindTarget(id) is null ? null : DeliverySchedule.NextAfter(schedule, zone, now);
            return new TargetDeliveries(id, schedule, zone, next, all.Where(d => d.Target == id).ToList());
        }).ToList());
    }

    private static async Task<IResult> DeliveredSignaturesAsync(string slug, long id, CampaignCatalog catalog, DeliveryRecords records, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is null) return NoSuchCampaign();
        return TypedResults.Ok(await records.SignaturesOfAsync(slug, id, cancellationToken));
    }

    /// <summary>
    /// The exact message (message/rfc822) a target would get, for a sample supporter and sample counts;
    /// <c>?share=false</c> shows a letter as sent for a supporter who keeps their name to themselves.
    /// </summary>
    private static IResult Preview(string slug, string? target, string? lang, bool? share, CampaignCatalog catalog, ServiceSettings settings)
    {
        if (catalog.Find(slug) is not { } campaign) return NoSuchCampaign();
        try
        {
            var message = PreviewCommand.Preview(campaign, catalog, settings, string.IsNullOrEmpty(target) ? null : target, string.IsNullOrEmpty(lang) ? null : lang, share ?? true);
            using var buffer = new MemoryStream();
            message.WriteTo(buffer);
            return TypedResults.Bytes(buffer.ToArray(), "message/rfc822");
        }
        catch (StartupException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Cannot preview.", detail: e.Message);
        }
    }

    private static IResult NoSuchCampaign() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign.");
}
