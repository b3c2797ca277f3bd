using Campaign.Core.Campaigns;
using Hangfire;
using Hangfire.Storage;

namespace Campaign.Core.Deliveries;

/// <summary>
/// One Hangfire recurring job per petition target, from <c>delivery.schedule</c> read in the target's time
/// zone. Registered at every start, so an edited schedule or target list takes effect on restart; jobs of
/// targets or campaigns no longer in the files are removed.
/// </summary>
public sealed class DeliveryJobs(IRecurringJobManager recurring, JobStorage storage)
{
    private const string Prefix = "delivery:";

    public static string JobId(string slug, string targetId) => $"{Prefix}{slug}:{targetId}";

    public IReadOnlyList<string> Register(IEnumerable<CampaignDefinition> campaigns)
    {
        var wanted = new List<string>();
        foreach (var campaign in campaigns)
        {
            if (campaign is not { Kind: CampaignKind.Petition, Status: CampaignStatus.Active or CampaignStatus.Paused, Delivery.Schedule: { } cron }) continue;
            foreach (var target in campaign.Targets)
            {
                var id = JobId(campaign.Slug, target.Id);
                var (slug, targetId) = (campaign.Slug, target.Id);
                recurring.AddOrUpdate<PetitionDeliveries>(id, d => d.DeliverScheduledAsync(slug, targetId, CancellationToken.None), cron,
                    new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(target.TimeZone) });
                wanted.Add(id);
            }
        }

        using var connection = storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs())
        {
            if (job.Id.StartsWith(Prefix, StringComparison.Ordinal) && !wanted.Contains(job.Id)) recurring.RemoveIfExists(job.Id);
        }
        return wanted;
    }
}
