using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Deliverability;
using Campaign.Core.Dispatch;
using Campaign.Core.Inbound;
using Campaign.Core.Ledger;
using Campaign.Core.Outbox;
using Campaign.Core.Privacy;
using Campaign.Core.Relay;
using Campaign.Core.Replies;
using Campaign.Core.Signatures;
using Campaign.Core.Storage;
using Campaign.Core.Templates;
using Campaign.Core.Webhooks;
using Campaign.Service.Abuse;
using Campaign.Service.Admin;
using Campaign.Service.MailCapture;
using Campaign.Service.Numbers;
using Campaign.Service.Pages;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Service.Hosting;

/// <summary>The service's parts, registered once the database and the relay are known.</summary>
public static class CampaignServices
{
    public static IServiceCollection AddCampaign(this IServiceCollection services, ServiceSettings settings, CampaignCatalog catalog,
        NpgsqlDataSource dataSource, SupporterVault vault, string adminKey)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddSingleton(catalog);
        services.AddSingleton(dataSource);
        services.AddSingleton(Options.Create(settings.Smtp));
        services.AddSingleton(Options.Create(settings.Mail));
        services.AddSingleton(Options.Create(settings.App));
        services.AddSingleton(Options.Create(settings.Delivery));
        services.AddSingleton(Options.Create(settings.Privacy));
        services.AddSingleton(Options.Create(settings.Mailboxes));
        services.AddSingleton(vault);
        services.AddSingleton(vault.Ring);
        services.AddSingleton(sp => new SupporterTokens(vault.Ring.TokenSecret, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<KeyRingRefresh>();
        services.AddSingleton(Options.Create(settings.Inbound));
        services.AddSingleton(Options.Create(settings.Webhooks));
        services.AddSingleton(settings.Database);
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<WebhookAdmin>();
        services.AddSingleton<WebhookRetention>();
        services.AddSingleton(new ReturnPath(vault.Ring.TokenSecret, settings.Mail.ReturnDomain()));
        services.AddSingleton<InboundAddresses>();
        services.AddSingleton<InboundMailbox>();
        services.AddSingleton<BounceRecorder>();
        services.AddSingleton<TargetReplies>();
        services.AddSingleton<ReplyBook>();
        services.AddSingleton<Suppressions>();
        services.AddSingleton<FailingTargets>();
        Inbound.InboundMailServices.AddInboundMail(services, settings);
        services.AddAdminAccess(adminKey);

        services.AddSingleton<MessageIdFactory>();
        services.AddSingleton<OutboxWriter>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<OutboxAdmin>();
        services.AddSingleton<OutboxReport>();
        services.AddSingleton<SignatureTimeline>();
        services.AddSingleton<SignatureBook>();
        services.AddSingleton<SupporterLookup>();
        services.AddSingleton<SignatureCounts>();
        services.AddSingleton<SignatureRefCounts>();
        services.AddSingleton<SignatureExport>();
        services.AddSingleton<LedgerBook>();
        services.AddSingleton<SignatureExpiry>();
        services.AddSingleton<SupporterErasure>();
        services.AddSingleton<SignatureRetention>();
        services.AddSingleton<CampaignRows>();
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<MailComposer>();
        services.AddOrganizers(settings.Updates);
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<RelayGuard>();
        services.AddSingleton<RelayState>();
        services.AddSingleton<OutcomeRecorder>();
        services.AddSingleton<CapturedMailStore>();
        services.AddSingleton<DispatchScheduler>();
        services.AddSingleton<IDispatchScheduler>(sp => sp.GetRequiredService<DispatchScheduler>());
        services.AddTransient<Dispatcher>();
        // The dispatcher's claims live only as long as this beats: it runs wherever the dispatcher does.
        services.AddSingleton<ClaimHeartbeat>();
        if (settings.Role.RunsJobs())
        {
            services.AddHostedService(sp => sp.GetRequiredService<ClaimHeartbeat>());
            services.AddSingleton<DispatchLoop>();
            services.AddHostedService(sp => sp.GetRequiredService<DispatchLoop>());
            if (settings.Database.CanListen) services.AddHostedService<KickListener>();
            if (settings.Webhooks.Endpoints.Count > 0) services.AddHostedService<WebhookSender>();
        }

        services.AddProblemDetails();
        services.AddPageAntiforgery();
        services.AddSingleton<CampaignPageParts>();
        services.AddCampaignNumbers(settings.Role.ServesHttp());
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddAbuseLimits(settings.RateLimits, settings.Network);
        services.AddSurgeWatch();
        services.AddSignatureWriter(settings.Role.ServesHttp());
        services.AddSigningGate();
        services.AddSingleton<Invalidations>();
        services.AddTargetProtection();
        return services;
    }
}
