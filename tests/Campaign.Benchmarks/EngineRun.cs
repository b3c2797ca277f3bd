using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Dispatch;
using Campaign.Core.Privacy;
using Campaign.Core.Signatures;
using Campaign.Core.Storage;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;
using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Benchmarks;

/// <summary>
/// Our engine exactly as the service wires it (<see cref="CampaignServices"/>), driven by calling the
/// dispatcher job in a loop instead of through Hangfire's queue, so the figure is the engine's own.
/// </summary>
public sealed class EngineRun : IDisposable
{
    private readonly ServiceProvider services;
    private readonly NpgsqlDataSource dataSource;
    private int queued;

    private EngineRun(ServiceProvider services, NpgsqlDataSource dataSource, ServiceSettings settings)
    {
        this.services = services;
        this.dataSource = dataSource;
        Settings = settings;
    }

    public ServiceSettings Settings { get; }

    public static async Task<EngineRun> CreateAsync(NpgsqlDataSource dataSource, string connectionString, int relayPort, string dataDirectory)
    {
        var root = RepositoryRoot.Find();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(root, "appsettings.json"), optional: true)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Campaign"] = connectionString,
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = relayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Smtp:Security"] = "None",
                ["Data:Directory"] = dataDirectory,
            })
            .Build();
        var settings = ServiceSettings.Read(configuration, root);
        var catalog = new CampaignCatalog(CampaignFiles.LoadDirectory(settings.CampaignsDirectory).Campaigns);
        await new CampaignRows(dataSource).SyncAsync(catalog.All);
        var (masters, _) = DataKeys.Resolve(settings);
        var vault = new SupporterVault(await KeyRing.OpenAsync(dataSource, masters, CancellationToken.None));

        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton<IConfiguration>(configuration); // options bound from configuration, as in the service
        collection.AddCampaign(settings, catalog, dataSource, vault, "benchmark-admin-key");
        collection.AddSingleton(DkimKeys.Open(settings).Signer); // every message is signed, as the service signs it
        collection.AddSingleton<IBackgroundJobClient, NoJobs>();
        var provider = collection.BuildServiceProvider();
        // No host runs here: the heartbeat that keeps the dispatcher's claims leased is started by hand.
        await provider.GetRequiredService<Campaign.Core.Dispatch.ClaimHeartbeat>().StartAsync(CancellationToken.None);
        return new EngineRun(provider, dataSource, settings);
    }

    /// <summary>More pending signatures with their confirmations, as a surge of signing leaves them.</summary>
    public async Task QueueAsync(int count)
    {
        await BulkSigners.QueueConfirmationsAsync(Settings.ConnectionString!, services.GetRequiredService<SupporterVault>(), "china-stop-forced-returns", "supporter", queued + 1, count);
        queued += count;
    }

    public async Task SendAllAsync(int expected)
    {
        var dispatcher = services.GetRequiredService<Dispatcher>();
        await using var connection = await dataSource.OpenConnectionAsync();
        long sent, before = -1;
        var stalledSince = DateTime.UtcNow;
        while ((sent = await connection.ExecuteScalarAsync<long>("select count(*) from messages where status = 'sent'")) < expected)
        {
            if (sent != before) (before, stalledSince) = (sent, DateTime.UtcNow);
            else if (DateTime.UtcNow - stalledSince > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException($"no progress for 30 s at {sent:N0} of {expected:N0} sent: is the relay answering?");
            await dispatcher.DrainAsync(CancellationToken.None);
        }
    }

    /// <summary>One confirmation exactly as the dispatcher composes it: (b) and (c) build their messages from its parts.</summary>
    public MimeKit.MimeMessage ComposeSample() => services.GetRequiredService<MailComposer>().Compose(SampleRow, SampleSupporter);

    /// <summary>Composing alone, then serialising what was composed, to see what sending adds to (b).</summary>
    public (TimeSpan Compose, TimeSpan Write) ProbeCompose(int count)
    {
        var composer = services.GetRequiredService<MailComposer>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var built = new List<MimeKit.MimeMessage>(count);
        for (var i = 0; i < count; i++) built.Add(composer.Compose(SampleRow, SampleSupporter));
        var compose = clock.Elapsed;
        clock.Restart();
        foreach (var m in built) m.WriteTo(Stream.Null);
        return (compose, clock.Elapsed);
    }

    private static readonly SupporterDetails SampleSupporter = new(1, "Supporter 1", "supporter-1@example.org", "KR", "en", null, null, Share: true, Replies: false);

    private static readonly Campaign.Core.Outbox.OutboxMessage SampleRow = new(1, "sample@campaign.example", "china-stop-forced-returns",
        "confirmation", 1, null, null, "en", "sending", 1, DateTime.UtcNow);

    public void Dispose() => services.Dispose();

    /// <summary>The benchmark loops the dispatcher itself; re-enqueues and wake-ups are not needed.</summary>
    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => "0";

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
