using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Deliveries;
using Campaign.Core.Notices;
using Campaign.Core.Organizers;
using Campaign.Core.Signatures;
using Campaign.Core.Updates;
using Hangfire;

namespace Campaign.Service.Hosting;

/// <summary>The organizers' side: petition deliveries, milestones, opening and closing, and their mail.</summary>
public static class OrganizerServices
{
    public static IServiceCollection AddOrganizers(this IServiceCollection services, UpdateOptions updates)
    {
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(updates));
        services.AddSingleton<UpdateFanOut>();
        services.AddSingleton<UpdateSubscriptions>();
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

    /// <summary>
    /// At every start: deliveries on the files' schedules, opening and closing on time, a milestone safety net,
    /// and the updates whose moment has come (at once, then every minute for those still to come).
    /// </summary>
    public static void ScheduleOrganizerJobs(IServiceProvider services)
    {
        var campaigns = services.GetRequiredService<CampaignCatalog>().All;
        services.GetRequiredService<DeliveryJobs>().Register(campaigns);
        services.GetRequiredService<CampaignTimers>().ScheduleAsync(campaigns).GetAwaiter().GetResult();
        services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<MilestoneWatch>(
            "milestone-safety-net", w => w.CheckAllAsync(CancellationToken.None), "*/5 * * * *");
        services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<UpdateFanOut>(
            "send-updates", u => u.SendDueAsync(CancellationToken.None), Cron.Minutely());
        if (campaigns.Any(c => c.Updates.Count > 0))
            services.GetRequiredService<IBackgroundJobClient>().Enqueue<UpdateFanOut>(u => u.SendDueAsync(CancellationToken.None));
    }
}
