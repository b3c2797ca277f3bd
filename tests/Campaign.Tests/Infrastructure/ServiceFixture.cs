using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Core.Privacy;
using Campaign.Core.Signatures;
using Campaign.Service.Embedded;
using Campaign.Service.Hosting;
using Campaign.Service.MailCapture;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// A whole service for a test class: real Kestrel on a loopback port, a fresh database in the test cluster,
/// a real SMTP server in-process as the relay, and the test campaign files.
/// </summary>
public class ServiceFixture : IAsyncLifetime, IDisposable
{
    public const string AdminKey = "test-admin-key-0123456789abcdef-0123";

    private readonly TempDirectory campaigns = new("campaign-files");
    private readonly TempDirectory data = new("campaign-data");

    public ServiceInstance Service { get; private set; } = null!;
    public TestMailbox Mailbox { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public string ConnectionString { get; private set; } = null!;
    public string CampaignsDirectory => campaigns.Path;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The master key of this fixture's database (worker processes started beside it get it too); a rotation test changes it and restarts.</summary>
    public string DataKey { get; set; } = MasterKey.Generate().Text;

    /// <summary>What <c>signatures.email_key</c> holds for an address: tests find a supporter's row by it, as the service does.</summary>
    public string AddressKey(string email) => Service.Services.GetRequiredService<SupporterVault>().AddressKey(email);

    /// <summary>
    /// A SQL condition on <c>messages</c> for the confirmations to these supporters: their address is sealed with
    /// the signature, so the outbox row is found through it.
    /// </summary>
    public string ConfirmationsTo(params string[] emails) =>
        $"kind = 'confirmation' and signature_id in (select id from signatures where email_key in ({string.Join(", ", emails.Select(e => $"'{AddressKey(e)}'"))}))";

    /// <summary>A supporter's opened details, as the service reads them to compose mail.</summary>
    public async Task<SupporterDetails?> SupporterAsync(long signatureId) =>
        (await Service.Services.GetRequiredService<SupporterLookup>().FindAsync([signatureId], CancellationToken.None)).GetValueOrDefault(signatureId);

    /// <summary>Extra settings a derived fixture wants (<c>--Delivery:Mode=Live</c>).</summary>
    protected virtual IEnumerable<string> ExtraSettings => [];

    /// <summary>How the fixture's service and the processes it starts reach the database: straight to PostgreSQL, unless a fixture puts a pooler between.</summary>
    public virtual IReadOnlyList<string> DatabaseSettings => [$"--ConnectionStrings:Campaign={ConnectionString}"];

    /// <summary>The campaign files the service loads; a derived fixture may add its own.</summary>
    protected virtual void WriteCampaigns(string directory) => TestCampaigns.WriteAll(directory);

    /// <summary>Lets a derived fixture replace parts of the service, such as the clock.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>True leaves <c>Privacy:DataKey</c> unset, so the service keeps a generated key under <see cref="DataDirectory"/>.</summary>
    protected virtual bool GeneratedDataKey => false;

    public string DataDirectory => data.Path;

    /// <summary>Lets a derived fixture put rows in the fresh database before the service first starts on it.</summary>
    protected virtual Task PrepareDatabaseAsync(string connectionString) => Task.CompletedTask;

    /// <summary>False leaves <c>Smtp:Host</c> empty, so the service starts its own capture server.</summary>
    protected virtual bool UseTestRelay => true;

    public async Task InitializeAsync()
    {
        WriteCampaigns(campaigns.Path);
        ConnectionString = await TestDatabase.CreateDatabaseAsync(GetType().Name);
        await PrepareDatabaseAsync(ConnectionString);
        Mailbox = await TestMailbox.StartAsync();
        var port = LoopbackPort.FindFree();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        await StartServiceAsync();
        Client = new HttpClient { BaseAddress = BaseAddress };
        Admin = new HttpClient { BaseAddress = BaseAddress };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>Stops the service, lets the test edit the campaign files, and starts it again on the same database.</summary>
    public async Task RestartAsync(Action<string> editCampaignFiles)
    {
        if (running) await Service.DisposeAsync();
        running = false;
        editCampaignFiles(campaigns.Path);
        await StartServiceAsync();
    }

    // False after a restart that a test expected to fail, so the next restart does not stop it twice.
    private bool running;

    private async Task StartServiceAsync()
    {
        var port = BaseAddress.Port;
        Service = await ServiceInstance.StartAsync([
            $"--urls=http://127.0.0.1:{port}",
            $"--App:PublicBaseUrl=http://127.0.0.1:{port}",
            .. DatabaseSettings,
            .. UseTestRelay ? ["--Smtp:Host=127.0.0.1", $"--Smtp:Port={Mailbox.Port}", "--Smtp:Security=None"] : new[] { "--Smtp:Host=" },
            $"--Admin:ApiKey={AdminKey}",
            $"--Campaigns:Directory={campaigns.Path}",
            $"--Data:Directory={data.Path}",
            .. GeneratedDataKey ? Array.Empty<string>() : [$"--Privacy:DataKey={DataKey}"],
            // Tests sign, confirm and erase many times from loopback; the limits have tests of their own (Abuse/).
            "--RateLimits:SignaturesPerMinutePerClient=100000",
            .. Unlimited("Confirming"), .. Unlimited("Erasure"), .. Unlimited("AdminKey"),
            "--RateLimits:Shedding:ConcurrentSignings=100000",
            // Nor any challenge: the proof of work has tests of its own too (Abuse/ChallengeTests).
            "--Abuse:Challenge:ClientPerHour=0", "--Abuse:Challenge:NetworkPerHour=0", "--Abuse:Challenge:CampaignPerMinute=0",
            "--Logging:LogLevel:Default=Warning",
            .. ExtraSettings,
        ], ConfigureServices);
        running = true;
    }

    /// <summary>Settings that make one of <c>RateLimits:*</c>'s limits too large to reach.</summary>
    protected static string[] Unlimited(string limit) =>
        [.. new[] { "Burst", "Sustained", "NetworkBurst", "NetworkSustained" }.Select(window => $"--RateLimits:{limit}:{window}=100000")];

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        if (running) await Service.DisposeAsync();
        // The tests' own queries (and Hangfire's) pool connections per connection string; left idle, a finished
        // class would hold them for minutes while the next classes open theirs.
        using (var connection = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(connection);
        await Mailbox.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        campaigns.Dispose();
        data.Dispose();
        GC.SuppressFinalize(this);
    }

    public static object Signer(string email, string name = "Ana Kim", string country = "KR", string? locale = null,
        bool share = false, bool replies = false) =>
        new { name, email, country, locale, consent = true, share, replies };

    public Task<HttpResponseMessage> SignAsync(string slug, object body) =>
        Client.PostAsJsonAsync($"/api/campaigns/{slug}/signatures", body);

    /// <summary>The confirmation link from the email the supporter received.</summary>
    public async Task<string> ConfirmationTokenForAsync(string email)
    {
        var mail = await Mailbox.WaitForAsync(m => m.Recipients.Contains(email), TimeSpan.FromSeconds(15));
        var text = TestMailbox.Parse(mail).TextBody ?? "";
        var start = text.IndexOf("/confirm/", StringComparison.Ordinal);
        Assert.True(start >= 0, "the confirmation email carries a /confirm/ link");
        var token = new string(text[(start + "/confirm/".Length)..].TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ToArray());
        return token;
    }

    /// <summary>The embedded capture server's copy of the email queued under <paramref name="dedupeKey"/>, opened as <c>/admin/mail</c> opens it.</summary>
    public async Task<MimeKit.MimeMessage> CapturedAsync(string dedupeKey)
    {
        long? captured = null;
        await EventuallyAsync(async () => (captured = await QueryScalarAsync<long?>("""
            select c.id from captured_mail c join messages m on m.message_id = c.message_id where m.dedupe_key = @dedupeKey
            """, new { dedupeKey })) is not null, TimeSpan.FromSeconds(15), $"the captured copy of {dedupeKey}");
        var raw = await Service.Services.GetRequiredService<CapturedMailStore>().RawAsync(captured!.Value, CancellationToken.None);
        using var stream = new MemoryStream(raw!, writable: false);
        return await MimeKit.MimeMessage.LoadAsync(stream);
    }

    public async Task<T> QueryScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    /// <summary>
    /// Waits until the public count of <paramref name="slug"/> is the confirmed signatures in the database: public
    /// counts are shared and may be a few seconds old (issue 14), so a test comparing figures reads them current.
    /// </summary>
    public async Task PublicCountIsCurrentAsync(string slug) =>
        await EventuallyAsync(async () =>
        {
            var exact = await QueryScalarAsync<long>(
                $"select count(*) from signatures where campaign = @slug and {Campaign.Core.Signatures.SignatureStatus.CountsSql}", new { slug });
            var shown = (await Client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{slug}")).GetProperty("signatures").GetInt64();
            return shown == exact;
        }, TimeSpan.FromSeconds(15), $"the public count of {slug} to be current");

    public async Task<List<JsonElement>> MessagesAsync(string query = "")
    {
        var list = await Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/messages?limit=1000{query}");
        return list!;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; the dispatcher works in the background.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(100);
        }
    }
}
