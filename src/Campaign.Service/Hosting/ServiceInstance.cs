using Campaign.Core.Deliverability;
using Campaign.Core.Campaigns;
using Campaign.Core.Privacy;
using Campaign.Core.Relay;
using Campaign.Core.Storage;
using Campaign.Service.Abuse;
using Campaign.Service.Admin;
using Campaign.Service.Api;
using Campaign.Service.Embedded;
using Campaign.Service.MailCapture;
using Campaign.Service.Numbers;
using Campaign.Service.Operations;
using Campaign.Service.Pages;
using Hangfire;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;

namespace Campaign.Service.Hosting;

/// <summary>
/// One running service: the web front, the worker or both, with the embedded PostgreSQL and capture SMTP
/// server when no database or relay is configured. <c>serve</c> runs one; tests start them in-process.
/// </summary>
public sealed class ServiceInstance : IAsyncDisposable
{
    private readonly ServiceDatabase database;
    private readonly CaptureSmtpServer? captureSmtp;

    private ServiceInstance(WebApplication app, ServiceSettings settings, string adminKey, bool adminKeyGenerated,
        ServiceDatabase database, CaptureSmtpServer? captureSmtp)
    {
        App = app;
        Settings = settings;
        AdminKey = adminKey;
        AdminKeyGenerated = adminKeyGenerated;
        this.database = database;
        this.captureSmtp = captureSmtp;
    }

    public WebApplication App { get; }
    public ServiceSettings Settings { get; }
    public string AdminKey { get; }
    public bool AdminKeyGenerated { get; }
    public IServiceProvider Services => App.Services;

    /// <summary>Where the web front listens (the first address), once started.</summary>
    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <param name="settingsArgs">Configuration as command-line settings (<c>--Smtp:Host=...</c>).</param>
    /// <param name="configureServices">Lets tests replace parts, such as the clock.</param>
    public static async Task<ServiceInstance> StartAsync(string[] settingsArgs, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        // As in Program: legacy Korean and Chinese charsets in mail that comes back (also for services started in tests).
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var root = RepositoryRoot.Find();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settingsArgs, ContentRootPath = root });
        var settings = ServiceSettings.Read(builder.Configuration, root);
        var json = LogFormat.IsJson(builder.Configuration);
        builder.Logging.AddServiceConsole(json).KeepSupportersOut();
        using var startupLogging = LoggerFactory.Create(logging => logging.AddServiceConsole(json).SetMinimumLevel(LogLevel.Information));
        var log = startupLogging.CreateLogger("Campaign.Startup");

        var catalog = LoadCampaigns(settings.CampaignsDirectory);

        ServiceDatabase? database = null;
        CaptureSmtpServer? captureSmtp = null;
        try
        {
            database = await ServiceDatabase.OpenAsync(settings, startupLogging.CreateLogger<EmbeddedPostgres>(), cancellationToken);
            var (connectionString, dataSource) = (database.ConnectionString, database.DataSource);
            await new Migrator(dataSource, startupLogging.CreateLogger<Migrator>()).MigrateAsync(cancellationToken);
            await new CampaignRows(dataSource).SyncAsync(catalog.All, cancellationToken);
            // Campaign files are read only at start: a target whose failing address the files changed is released now.
            await new FailingTargets(dataSource).ReleaseChangedAsync(catalog, settings.Delivery, cancellationToken);
            var vault = await OpenVaultAsync(settings, dataSource, log, cancellationToken);

            if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
            {
                // Same SMTP code path as production: only the relay's address differs.
                var store = new CapturedMailStore(dataSource, vault);
                captureSmtp = await CaptureSmtpServer.StartAsync(0, store.SaveAsync, startupLogging.CreateLogger<CaptureSmtpServer>(), cancellationToken);
                settings.Smtp.Host = "127.0.0.1";
                settings.Smtp.Port = captureSmtp.Port;
                settings.Smtp.Security = SmtpSecurity.None;
            }

            var (adminKey, generated) = Hosting.AdminKey.Resolve(settings.AdminApiKey, settings.DataDirectory);

            var serviceUrls = !settings.Role.ServesHttp() ? "http://127.0.0.1:0" // a worker serves only /alive and /health, on a port of its own
                : builder.Configuration["urls"] is { Length: > 0 } configured ? configured : "http://localhost:5080";
            builder.WebHost.UseUrls(serviceUrls);
            var metricsUrls = MetricsAccess.Urls(builder.Configuration);
            MetricsAccess.Listen(builder.WebHost, serviceUrls, metricsUrls);

            var (signer, dkimGenerated) = DkimKeys.Open(settings);
            if (dkimGenerated is not null)
                log.LogWarning("Generated a DKIM key for {Domain} in {File}; receivers check it only once its public key is published as the TXT record {Record} (the dkim verb prints it)", signer.Domain, dkimGenerated, signer.RecordName);
            builder.Services.AddCampaign(settings, catalog, dataSource, vault, adminKey);
            // On SIGTERM: lanes finish the message on the wire and give back the rest, web requests finish; past
            // this the process exits anyway (whatever is still claimed comes back one lease later).
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.Delivery.ShutdownTimeout);
            builder.Services.AddSingleton(signer);
            builder.Services.AddCampaignJobs(connectionString, settings.Role, settings.Database);
            builder.Services.AddCampaignMetrics(builder.Configuration);
            configureServices?.Invoke(builder.Services);

            var app = builder.Build();
            HangfireLogBridge.Attach(app.Services.GetRequiredService<ILoggerFactory>());
            // First: the exception handler, the cookies' Secure flag and every limit see the client behind our proxies.
            app.UseForwardedClients(settings.Network);
            app.UseMetricsAddresses(metricsUrls);
            app.UseExceptionHandler();
            app.UsePageSecurityHeaders(settings.App.IsHttps());
            app.UseCampaignCors();
            app.UseStatusCodePages();
            app.UseAuthentication();
            app.UseAdminAudit();
            app.UseAuthorization();
            app.UseRateLimiter();
            app.MapOperations();
            app.MapMetrics(metricsUrls);
            if (settings.Role.ServesHttp())
            {
                app.MapCampaignApi();
                app.MapLedgerApi();
                app.MapSiteStyles();
                app.MapChallenges();
                app.MapShareScript();
                app.MapSiteIcon();
                app.MapCampaignPages();
                app.MapCampaignNumbers();
                app.MapLedgerPage();
                app.MapSupporterPages();
                app.MapUpdatePages();
                app.MapAdminApi();
                app.MapAdminPages();
                app.MapMailPages();
                app.UseHangfireDashboard("/hangfire", new DashboardOptions
                {
                    Authorization = [new HangfireDashboardGate()],
                    AppPath = "/admin",
                    DisplayStorageConnectionString = false,
                }, app.Services.GetRequiredService<JobStorage>());
            }

            await app.StartAsync(cancellationToken);
            HangfireSetup.ScheduleRecurringJobs(app.Services);
            log.LogInformation("Campaign service started ({Role}) with {Count} campaigns", settings.Role, catalog.All.Count);
            return new ServiceInstance(app, settings, adminKey, generated, database, captureSmtp);
        }
        catch
        {
            if (captureSmtp is not null) await captureSmtp.DisposeAsync();
            if (database is not null) await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens the keys behind supporters' data with this process's data key, and seals what a database from
    /// before sealing still holds in plain text before anyone is served.
    /// </summary>
    private static async Task<SupporterVault> OpenVaultAsync(ServiceSettings settings, NpgsqlDataSource dataSource, ILogger log, CancellationToken cancellationToken)
    {
        try
        {
            var (vault, generated) = await DataKeys.OpenVaultAsync(settings, dataSource, cancellationToken);
            if (generated)
                log.LogWarning("Generated the data key in {Path}. Back it up apart from the database: without it, supporters' names and addresses cannot be read", DataKeys.FileIn(settings.DataDirectory));
            var sealedNow = await new Resealing(dataSource, vault).MoveAllAsync(unsealedOnly: true, null, cancellationToken);
            if (sealedNow > 0) log.LogInformation("Sealed {Count} rows kept from before supporters' details were encrypted", sealedNow);
            // Before anyone signs: a key made under older address rules would let one mailbox sign twice.
            var rekeyed = await new Rekeying(dataSource, vault, new CanonicalAddress(settings.Mailboxes.DotlessDomains).Rules).RunAsync(cancellationToken);
            if (rekeyed.Rekeyed > 0)
                log.LogInformation("Made the lookup keys of {Count} signatures again under the current address rules; {Merged} turned out to be a second signature of one mailbox in one campaign (see merged_signatures)", rekeyed.Rekeyed, rekeyed.Merged);
            var keyedLetters = await new LetterKeying(dataSource, vault).RunAsync(cancellationToken);
            if (keyedLetters > 0)
                log.LogInformation("Made the keys of {Count} letters signed before identical letters were found by key", keyedLetters);
            return vault;
        }
        catch (DataKeyException e)
        {
            throw new StartupException(e.Message);
        }
    }

    internal static CampaignCatalog LoadCampaigns(string directory)
    {
        var loaded = CampaignFiles.LoadDirectory(directory);
        if (!loaded.IsValid)
            throw new StartupException($"the campaign files have problems; fix them and start again:{Environment.NewLine}{string.Join(Environment.NewLine, loaded.Problems)}");
        return new CampaignCatalog(loaded.Campaigns);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        HangfireLogBridge.Detach(App.Services.GetRequiredService<ILoggerFactory>());
        await App.DisposeAsync();
        if (captureSmtp is not null) await captureSmtp.DisposeAsync();
        await database.DisposeAsync();
    }
}
