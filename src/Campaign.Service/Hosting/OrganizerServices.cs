using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Deliveries;
using Campaign.Core.Notices;
using Campaign.Core.Organizers;
using Campaign.Core.Signatures;
using Hangfire;

namespace Campaign.Service.Hosting;

/// <summary>The organizers' side: petition deliveries, milestones, opening and closing, and their mail.</summary>
public static class OrganizerServices
{
    public static IServiceCollection AddOrganizers(this IServiceCollection services)
    {
        services.AddSingleton<IMailFacts, OrganizerMailFacts>();
        services.AddSingleton<DeliveryComposer>();
        services.AddSingleton<NoticeComposer>();
        services.AddSingleton<OrganizerNotices>();
        services.AddSingleton<PetitionDeliveries>();
        services.AddSingleton<DeliveryRecords>();
        services.AddSingleton<MilestoneWatch>();
        services.AddSingleton<IConfirmationWatch>(sp => sp.GetRequiredService<MilestoneWatch>());
        services.AddSingleton<CampaignLifecycle>();
        services.AddSingleton<CampaignTimers>();
        services.AddSingleton<DeliveryJobs>();
        return services;
    }

    /// <summary>At every start: deliveries on the files' schedules, opening and closing on time, and a milestone safety net.</summary>
    public static void ScheduleOrganizerJobs(IServiceProvider services)
    {
        var campaigns = services.GetRequiredService<CampaignCatalog>().All;
        services.GetRequiredService<DeliveryJobs>().Register(campaigns);
        services.GetRequiredService<CampaignTimers>().ScheduleAsync(campaigns).GetAwaiter().GetResult();
        services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<MilestoneWatch>(
            "milestone-safety-net", w => w.CheckAllAsync(CancellationToken.None), "*/5 * * * *");
    }
}
