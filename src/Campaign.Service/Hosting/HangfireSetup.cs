using Campaign.Core.Signatures;
using Campaign.Core.Storage;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Campaign.Service.Hosting;

/// <summary>Hangfire on the service's own PostgreSQL: the distributed engine that schedules and drives the work.</summary>
public static class HangfireSetup
{
    public static IServiceCollection AddCampaignJobs(this IServiceCollection services, string connectionString, ServiceRole role, DatabaseOptions database)
    {
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            // LISTEN/NOTIFY: a job enqueued by a web process reaches a worker at once, not after a 15 s poll.
            // Behind a transaction pooler there is no session to LISTEN in: workers poll the queue instead.
            EnableLongPolling = !database.Pooled,
            QueuePollInterval = database.Pooled ? database.PollInterval : TimeSpan.FromSeconds(5),
            // A job whose worker died is handed out again after this; ours are short and safe to repeat.
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
            UseSlidingInvisibilityTimeout = true,
        };
        // The storage is ours, registered before AddHangfire: Hangfire's global JobStorage.Current is
        // shared by the whole process, and tests run several services side by side in one process.
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(
            database.Pooled ? CampaignDatabase.ConnectionString(connectionString, database.Pooler) : connectionString, storageOptions), storageOptions);
        services.AddSingleton<JobStorage>(storage);
        services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(storage)
            .UseLogProvider(new HangfireLogBridge()));
        // Registered after AddHangfire so these win: clients bound to this storage, not to the global one.
        services.AddSingleton<IBackgroundJobClient>(_ => new BackgroundJobClient(storage));
        services.AddSingleton<IRecurringJobManager>(_ => new RecurringJobManager(storage));

        if (role.RunsJobs())
        {
            services.AddHangfireServer((provider, options) =>
            {
                // This process's own container builds the jobs, not Hangfire's process-wide activator:
                // in tests several services share one process, and each must drain its own database.
                options.Activator = new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
                options.Queues = ["default"];
                options.WorkerCount = Math.Max(4, Environment.ProcessorCount * 2);
                options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
        return services;
    }

    /// <summary>What is truly scheduled; sending is the dispatch loop's, which needs no job between two runs.</summary>
    public static void ScheduleRecurringJobs(IServiceProvider services)
    {
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        // Databases of earlier versions ran the dispatcher as a minutely job; the dispatch loop's safety net replaces it.
        recurring.RemoveIfExists("dispatch-safety-net");
        recurring.AddOrUpdate<SignatureExpiry>("erase-expired-signatures", e => e.EraseExpiredAsync(CancellationToken.None), Cron.Daily(3));
        recurring.AddOrUpdate<SignatureRetention>("erase-after-retention", r => r.EraseAfterRetentionAsync(CancellationToken.None), Cron.Daily(3, 30));
        recurring.AddOrUpdate<Campaign.Core.Webhooks.WebhookRetention>("prune-webhooks", r => r.PruneAsync(CancellationToken.None), Cron.Daily(4));
        OrganizerServices.ScheduleOrganizerJobs(services);
    }
}
