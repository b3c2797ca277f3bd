using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Service;

/// <summary>
/// Two web and three worker processes on one PostgreSQL behave as one service: signatures taken by both web
/// processes at once, every confirmation and letter sent once, a target's throttle held across all workers, the
/// same public count on both web processes, and an admin action taken on one seen on the other.
/// </summary>
public sealed class ManyProcessesTests(ManyProcessesTests.Fixture service) : ManyProcessesScenario(service), IClassFixture<ManyProcessesTests.Fixture>
{
    /// <summary>The in-process service only serves HTTP, and only to the test: the processes below do the work.</summary>
    public class Fixture : WebRoleService
    {
        /// <summary>What the third worker adds to hear kicks where the others cannot.</summary>
        public virtual IReadOnlyList<string> ListeningWorkerSettings => [];

        protected override void WriteCampaigns(string directory)
        {
            base.WriteCampaigns(directory);
            // One target, one letter a second at most, whichever worker sends it.
            File.WriteAllText(Path.Combine(directory, $"{ManyProcessesScenario.Campaign}.yaml"), TestCampaigns.OneTargetLetterCampaign(ManyProcessesScenario.Campaign, "office@ministry.example", "max_per_hour: 3600"));
        }
    }
}

/// <summary>
/// The same, every process (the in-process one too) reaching PostgreSQL through PgBouncer in transaction mode
/// with <c>Database:Pooler=Transaction</c>: Hangfire, migrations, the outbox and the signature writer on
/// connections that are theirs for one transaction at a time. Two workers have no way to hear kicks and poll
/// (<c>Database:PollInterval</c>); the third LISTENs on a connection of its own straight to PostgreSQL
/// (<c>Database:ListenConnectionString</c>).
/// </summary>
public sealed class ManyProcessesBehindPgBouncerTests(ManyProcessesBehindPgBouncerTests.Fixture service)
    : ManyProcessesScenario(service), IClassFixture<ManyProcessesBehindPgBouncerTests.Fixture>
{
    public sealed class Fixture : ManyProcessesTests.Fixture
    {
        private PgBouncer? bouncer;

        protected override async Task PrepareDatabaseAsync(string connectionString) => bouncer = await PgBouncer.StartAsync(connectionString);

        public override IReadOnlyList<string> DatabaseSettings =>
            [$"--ConnectionStrings:Campaign={bouncer!.Through(ConnectionString)}", "--Database:Pooler=Transaction"];

        public override IReadOnlyList<string> ListeningWorkerSettings => [$"--Database:ListenConnectionString={ConnectionString}"];

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (bouncer is not null) await bouncer.DisposeAsync();
        }
    }
}

public abstract class ManyProcessesScenario(ManyProcessesTests.Fixture service)
{
    public const string Campaign = "many-processes";
    private const int PerWebProcess = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task TwoWebAndThreeWorkerProcesses_AreOneService()
    {
        using var first = await WebProcess.StartAsync(service, FreePort(), Patience);
        using var second = await WebProcess.StartAsync(service, FreePort(), Patience);
        using var workers = new Workers(Enumerable.Range(0, 3).Select(i => WorkerProcess.Start(service, i == 2 ? [.. service.ListeningWorkerSettings] : [])).ToList());
        using var one = Client(first);
        using var other = Client(second);

        // Signed through both web processes at once.
        var emails = Enumerable.Range(0, 2 * PerWebProcess).Select(i => $"many-{i}@example.org").ToList();
        var signed = await Task.WhenAll(emails.Select((email, i) =>
            (i % 2 == 0 ? one : other).PostAsJsonAsync($"/api/campaigns/{Campaign}/signatures", ServiceFixture.Signer(email, $"Many {i}"))));
        Assert.All(signed, answer => Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode));

        // Each confirmation once; confirmed through either web process.
        await workers.RunningAsync(Patience);
        foreach (var (email, i) in emails.Select((e, i) => (e, i)))
        {
            var token = await service.ConfirmationTokenForAsync(email);
            var confirmed = await (i % 2 == 0 ? other : one).PostAsJsonAsync("/api/confirmations", new { token });
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }
        Assert.All(emails, email => Assert.Single(service.Mailbox.Received, m => m.Recipients.Contains(email)));

        // Each letter once, one a second at most however many workers share the target.
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            "select count(*) from messages where campaign = @Campaign and kind = 'letter' and status = 'sent'", new { Campaign }) == emails.Count, Patience, "every letter sent");
        var letters = service.Mailbox.Received.Where(m => TestMailbox.Parse(m).Headers["X-Campaign"] == Campaign && TestMailbox.Parse(m).Subject == "A letter")
            .OrderBy(m => m.ReceivedAt).ToList();
        Assert.Equal(emails.Count, letters.Select(m => TestMailbox.Parse(m).MessageId).Distinct().Count());
        Assert.Equal(emails.Count, letters.Count);
        // Slots are taken a second apart when claimed; a busy worker may take a little longer to put one on the wire than
        // the next (up to a second or two on a loaded machine), so single gaps jitter. Any ten gaps in a row still span
        // eight seconds, and the whole run nearly its length; without the throttle three workers send them all in well under one.
        var tenGaps = letters.Zip(letters.Skip(10), (a, b) => b.ReceivedAt - a.ReceivedAt).ToList();
        Assert.True(tenGaps.All(span => span >= TimeSpan.FromSeconds(8)), $"letters to one target at most one a second; ten gaps in {tenGaps.Min().TotalSeconds:0.00} s");
        Assert.True(letters[^1].ReceivedAt - letters[0].ReceivedAt >= TimeSpan.FromSeconds(emails.Count - 3), "the run took as long as its throttle says");

        // The same public count on both web processes, within their refresh interval.
        foreach (var web in new[] { one, other })
            await ServiceFixture.EventuallyAsync(async () => (await web.GetFromJsonAsync<JsonElement>($"/api/campaigns/{Campaign}")).GetProperty("signatures").GetInt64() == emails.Count,
                TimeSpan.FromSeconds(10), "the public count on each web process");

        // An admin action on one web process, seen on the other.
        using (var pause = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/campaigns/{Campaign}/pause"))
        {
            pause.Headers.Authorization = new("Bearer", ServiceFixture.AdminKey);
            Assert.True((await one.SendAsync(pause)).IsSuccessStatusCode);
        }
        using var dashboard = new HttpRequestMessage(HttpMethod.Get, "/admin");
        dashboard.Headers.Authorization = new("Bearer", ServiceFixture.AdminKey);
        var page = await (await other.SendAsync(dashboard)).Content.ReadAsStringAsync();
        var row = page[page.IndexOf($"<tr data-campaign=\"{Campaign}\">", StringComparison.Ordinal)..];
        Assert.Contains("<td>paused</td>", row[..row.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    private static HttpClient Client(WebProcess web) => new() { BaseAddress = web.BaseAddress };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Workers(List<WorkerProcess> all) : IDisposable
    {
        public void Dispose() => all.ForEach(w => w.Dispose());

        /// <summary>Until every worker says it runs: on a loaded machine five processes starting at once take a while.</summary>
        public Task RunningAsync(TimeSpan patience) => ServiceFixture.EventuallyAsync(
            () => Task.FromResult(all.All(w => w.Output.Any(line => line.Contains("worker is running", StringComparison.Ordinal)))), patience, "every worker running");
    }
}
