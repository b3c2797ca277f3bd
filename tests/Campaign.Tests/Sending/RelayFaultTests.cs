using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Core.Signatures;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Sending;

/// <summary>
/// The sending engine against a relay that misbehaves on purpose: every message ends sent, failed or unknown
/// as SPEC §6 says, outages spend no attempts, and the exact set of Message-IDs that arrived is checked.
/// </summary>
public sealed partial class RelayFaultTests(RelayFaultTests.Fixture service) : IClassFixture<RelayFaultTests.Fixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    public sealed class Fixture : ServiceFixture
    {
        public FaultySmtpServer Relay { get; } = FaultySmtpServer.Start();

        protected override IEnumerable<string> ExtraSettings =>
        [
            $"--Smtp:Port={Relay.Port}",
            "--Delivery:Mode=Live",
            "--Delivery:RetryBaseDelay=00:00:01",
            "--Delivery:RetryMaxDelay=00:00:02",
            "--Delivery:RelayProbeInterval=00:00:01",
            "--Delivery:ConfigurationFaultProbeInterval=00:00:02",
        ];
    }

    [Fact]
    public async Task MixedRun_EachMessageEndsAsTheRulesSay()
    {
        var refusedOnce = new ConcurrentDictionary<string, bool>();
        var droppedOnce = new ConcurrentDictionary<string, bool>();
        service.Relay.RcptReply = address =>
            address.StartsWith("bad", StringComparison.Ordinal) ? "550 5.1.1 no such mailbox"
            : address.StartsWith("busy", StringComparison.Ordinal) && refusedOnce.TryAdd(address, true) ? "451 4.7.1 greylisted, try again in 1 seconds"
            : null;
        service.Relay.DropAfterData = address =>
            address == TestCampaigns.SecondTargetEmail
            || (address.StartsWith("drop", StringComparison.Ordinal) && droppedOnce.TryAdd(address, true));

        foreach (var email in new[] { "ok1@example.org", "bad1@example.org", "busy1@example.org", "drop1@example.org" })
            Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(email))).StatusCode);
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("writer@example.org"));
        var token = ConfirmToken(await WaitForAsync("writer@example.org"));
        await service.Client.PostAsJsonAsync("/api/confirmations", new { token });

        string[] mine = ["ok1@", "bad1@", "busy1@", "drop1@", "writer@", "@ministry"];
        var statuses = await StatusesAsync();
        for (var deadline = DateTime.UtcNow + Patience; DateTime.UtcNow < deadline; statuses = await StatusesAsync())
        {
            var ours = statuses.Where(s => mine.Any(m => s.Key.Contains(m, StringComparison.Ordinal))).ToList();
            if (ours.Count == 7 && ours.All(s => s.Value.Status is "sent" or "failed" or "unknown")) break;
            await Task.Delay(200);
        }

        Assert.Equal(("sent", 1), statuses["confirmation ok1@example.org"]);
        Assert.Equal(("failed", 1), statuses["confirmation bad1@example.org"]);
        Assert.Equal(("sent", 2), statuses["confirmation busy1@example.org"]);   // deferred once, then sent
        Assert.Equal(("sent", 2), statuses["confirmation drop1@example.org"]);   // unknown once: a supporter's mail is retried
        Assert.Equal(("sent", 1), statuses[$"letter {TestCampaigns.FirstTargetEmail}"]);
        Assert.Equal(("unknown", 1), statuses[$"letter {TestCampaigns.SecondTargetEmail}"]); // a government's letter waits for an admin
        Assert.Contains("550", await service.QueryScalarAsync<string>($"select last_error from messages where {service.ConfirmationsTo("bad1@example.org")}"), StringComparison.Ordinal);

        // Exactly these arrived: the dropped confirmation twice (the relay had it), the dropped letter once.
        var arrivals = service.Relay.Messages.GroupBy(m => m.Recipient).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, arrivals["ok1@example.org"]);
        Assert.False(arrivals.ContainsKey("bad1@example.org"));
        Assert.Equal(1, arrivals["busy1@example.org"]);
        Assert.Equal(2, arrivals["drop1@example.org"]);
        Assert.Equal(1, arrivals[TestCampaigns.FirstTargetEmail]);
        Assert.Equal(1, arrivals[TestCampaigns.SecondTargetEmail]);
        Assert.Single(service.Relay.Messages.Where(m => m.Recipient == "drop1@example.org").Select(m => m.MessageId).Distinct()); // the same Message-ID both times

        // The unknown letter is not sent again by itself...
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(("unknown", 1), (await StatusesAsync())[$"letter {TestCampaigns.SecondTargetEmail}"]);
        // ...until an admin decides to.
        service.Relay.DropAfterData = _ => false;
        var id = await service.QueryScalarAsync<long>("select id from messages where to_address = @to", new { to = TestCampaigns.SecondTargetEmail });
        Assert.Equal(HttpStatusCode.Accepted, (await service.Admin.PostAsync($"/api/admin/messages/{id}/retry", null)).StatusCode);
        await ServiceFixture.EventuallyAsync(async () => (await StatusesAsync())[$"letter {TestCampaigns.SecondTargetEmail}"].Status == "sent", Patience, "the retried letter sent");
    }

    [Fact]
    public async Task Outage_RefusedThenBack_LosesNothingAndSpendsNoAttempts()
    {
        await service.Relay.StopListeningAsync();
        foreach (var email in new[] { "outage1@example.org", "outage2@example.org", "outage3@example.org" })
            await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(email));

        await Task.Delay(TimeSpan.FromSeconds(4)); // several probes fail meanwhile
        Assert.Equal(0L, await service.QueryScalarAsync<long>($"select coalesce(sum(attempts), 0) from messages where {service.ConfirmationsTo("outage1@example.org", "outage2@example.org", "outage3@example.org")} and status <> 'sending'"));
        Assert.Equal(0L, await service.QueryScalarAsync<long>($"select count(*) from messages where {service.ConfirmationsTo("outage1@example.org", "outage2@example.org", "outage3@example.org")} and status in ('sent', 'failed')"));

        service.Relay.Listen();
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            $"select count(*) from messages where {service.ConfirmationsTo("outage1@example.org", "outage2@example.org", "outage3@example.org")} and status = 'sent' and attempts = 1") == 3, Patience, "all three sent on their first charged attempt");
        Assert.Equal(3, service.Relay.Messages.Count(m => m.Recipient.StartsWith("outage", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Outage_421ToEveryone_LosesNothingAndSpendsNoAttempts()
    {
        service.Relay.GreetWith421 = true;
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("greet421@example.org"));

        await Task.Delay(TimeSpan.FromSeconds(3));
        // Read between probes: a probe holds the message as 'sending' for a moment, then gives it back.
        var waiting = "";
        for (var i = 0; i < 20 && (waiting = await service.QueryScalarAsync<string>(
                 $"select status || '/' || attempts from messages where {service.ConfirmationsTo("greet421@example.org")}")).StartsWith("sending", StringComparison.Ordinal); i++)
            await Task.Delay(50);
        Assert.Equal("queued/0", waiting);

        service.Relay.GreetWith421 = false;
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<string>(
            $"select status from messages where {service.ConfirmationsTo("greet421@example.org")}") == "sent", Patience, "sent once the relay recovered");
        Assert.Equal(1, await service.QueryScalarAsync<int>($"select attempts from messages where {service.ConfirmationsTo("greet421@example.org")}"));
    }

    [Fact]
    public async Task SenderRefused_PausesSendingVisiblyWithoutFailingMessages_ThenResumes()
    {
        service.Relay.MailFromReply = "553 5.7.1 sender address rejected: not owned by user";
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("config1@example.org"));
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("config2@example.org"));

        JsonElement relay = default;
        await ServiceFixture.EventuallyAsync(async () =>
        {
            relay = await service.Admin.GetFromJsonAsync<JsonElement>("/api/admin/relay");
            return relay.GetProperty("status").GetString() == "paused";
        }, Patience, "the relay shown as paused to admins");
        Assert.Contains("553", relay.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await service.QueryScalarAsync<long>($"select count(*) from messages where {service.ConfirmationsTo("config1@example.org", "config2@example.org")} and status = 'failed'"));

        service.Relay.MailFromReply = null;
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            $"select count(*) from messages where {service.ConfirmationsTo("config1@example.org", "config2@example.org")} and status = 'sent'") == 2, Patience, "both sent after the fix");
        Assert.Equal("sending", (await service.Admin.GetFromJsonAsync<JsonElement>("/api/admin/relay")).GetProperty("status").GetString());
    }

    private async Task<Dictionary<string, (string Status, int Attempts)>> StatusesAsync()
    {
        // A supporter's own mail is addressed from their sealed signature: opened here as the dispatcher opens it.
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        var rows = (await connection.QueryAsync<(string Kind, string? To, long? SignatureId, string Status, int Attempts)>(
            "select kind, to_address, signature_id, status, attempts from messages")).ToList();
        var supporters = await service.Service.Services.GetRequiredService<SupporterLookup>()
            .FindAsync(rows.Where(r => r.To is null && r.SignatureId is not null).Select(r => r.SignatureId!.Value), CancellationToken.None);
        return rows.ToDictionary(
            r => $"{r.Kind} {r.To ?? supporters.GetValueOrDefault(r.SignatureId ?? 0)?.Email}",
            r => (r.Status, r.Attempts));
    }

    private async Task<FaultySmtpServer.Received> WaitForAsync(string recipient)
    {
        FaultySmtpServer.Received? found = null;
        await ServiceFixture.EventuallyAsync(() => Task.FromResult((found = service.Relay.Messages.FirstOrDefault(m => m.Recipient == recipient)) is not null),
            Patience, $"mail to {recipient}");
        return found!;
    }

    private static string ConfirmToken(FaultySmtpServer.Received mail)
    {
        var text = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(mail.Raw))).TextBody ?? "";
        return ConfirmLink().Match(text).Groups[1].Value;
    }

    [GeneratedRegex(@"/confirm/([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmLink();
}
