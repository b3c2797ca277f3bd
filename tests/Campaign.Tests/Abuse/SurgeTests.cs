using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Core.Campaigns;
using Campaign.Core.Privacy;
using Campaign.Core.Signatures;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Campaign.Tests.Abuse;

/// <summary>
/// Behind the known proxy, with signing limits out of reach: the flood has to get through for the watch to see it.
/// The relay is down (nothing listens on its port), so the flood's confirmations are still waiting when the
/// admin acts, however long a loaded machine takes to sign 10,000 — as they would be behind a slow relay.
/// </summary>
public sealed class SurgeService : ProxiedService
{
    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, .. Unlimited("Signing"), "--Abuse:SurgeAlertPerHour=100",
        $"--Smtp:Port={ClosedPort()}"];

    private static int ClosedPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>
/// 10,000 signatures from one /24 and one throwaway domain: the dashboard lists the surge, the organizer is told
/// once per source, and one admin action takes all of them back with the public count back to the truth.
/// </summary>
public sealed class SurgeTests(SurgeService service, ITestOutputHelper output) : IClassFixture<SurgeService>
{
    private const string FloodNetwork = "198.51.100";
    private const int Flood = 10_000;
    // Measured here: 200 signatures through HTTP take ~3 s, so 10,000 would take ~160 s, over the minute a test
    // may take; 9,800 through SignatureBook take ~23 s. So most go through the service's own SignatureBook with the network as the web front passes it, and
    // the last ones through HTTP and X-Forwarded-For, where the watch looks.
    private const int ThroughHttp = 200;

    [Fact]
    public async Task Flood_FromOneNetwork_IsAlertedOnceAndInvalidatedInOneAction()
    {
        var slug = TestCampaigns.Petition;
        var clock = Stopwatch.StartNew();
        var campaign = service.Service.Services.GetRequiredService<CampaignCatalog>().Find(slug)!;
        var book = service.Service.Services.GetRequiredService<SignatureBook>();
        var source = new SignatureSource($"{FloodNetwork}.0/24");
        await Parallel.ForEachAsync(Enumerable.Range(0, Flood - ThroughHttp), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, ct) =>
            await book.SignAsync(campaign, new SignatureRequest("Bot", $"bot-{n}@flood.example", "KR", null, "en", null, null, false), source, ct));
        output.WriteLine($"{Flood - ThroughHttp} signed through SignatureBook in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        for (var n = Flood - ThroughHttp; n < Flood; n++)
        {
            var response = await service.SignFromAsync($"{FloodNetwork}.{n % 250 + 1}", $"bot-{n}@flood.example");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        output.WriteLine($"{ThroughHttp} signed through HTTP in {clock.Elapsed.TotalSeconds:F1} s");
        // As if half the flood had clicked its links (bots can read a mailbox), and three real supporters from elsewhere.
        await service.QueryScalarAsync<int>("update signatures set status = 'confirmed', confirmed_at = now() where campaign = @slug and id % 2 = 0", new { slug });
        var floodConfirmed = await service.QueryScalarAsync<long>("select count(*) from signatures where campaign = @slug and status = 'confirmed'", new { slug });
        const long truth = 3;
        for (var n = 0; n < truth; n++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await service.SignFromAsync($"192.0.2.{n + 10}", $"real-{n}@real.example")).StatusCode);
            var id = await service.QueryScalarAsync<long>("select id from signatures where email_key = @key", new { key = service.AddressKey($"real-{n}@real.example") });
            await service.ConfirmDirectlyAsync(id);
        }
        // Public counts are shared and a few seconds old at most (issue 14): wait for the current one.
        await ServiceFixture.EventuallyAsync(async () => await PublicCountAsync(slug) == floodConfirmed + truth, TimeSpan.FromSeconds(15), "the public count with the flood");

        // The dashboard shows the network and the domain, by the short form of their keys only.
        var keys = new SourceKeys(service.Service.Services.GetRequiredService<KeyRing>());
        var networkKey = keys.Network($"{FloodNetwork}.0/24");
        var page = await service.Admin.GetStringAsync("/admin/surges");
        Assert.Contains($"data-surge=\"{slug}/network/{networkKey}\"", page);
        Assert.Contains($"data-surge=\"{slug}/domain/{keys.Domain("flood.example")}\"", page);
        Assert.DoesNotContain(FloodNetwork, page);
        Assert.DoesNotContain("flood.example", page);
        // A flood is counted on each refresh only up to SurgeWatch.CountedUpTo rows: past that the figures are floors.
        var row = page[page.IndexOf($"data-surge=\"{slug}/network/{networkKey}\"", StringComparison.Ordinal)..];
        Assert.Contains($"<td data-last-hour>{SurgeWatch.CountedUpTo}+</td>", row[..row.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
        // An admin who types one of the IPs learns which key is its network.
        Assert.Contains($"data-network-key=\"{networkKey}\"", await service.Admin.GetStringAsync($"/admin/surges?ip={FloodNetwork}.77"));

        // One notice per source crossing, however many signed past it.
        var notices = await service.QueryScalarAsync<long>(
            "select count(*) from notices n join messages m on m.id = n.message where n.campaign = @slug and n.event = 'surge' and n.reason like 'network %'", new { slug });
        Assert.Equal(1, notices);
        Assert.Equal(1, await service.QueryScalarAsync<long>(
            "select count(*) from notices where campaign = @slug and event = 'surge' and reason like 'domain %'", new { slug }));

        // The count first, then one action; what it took back is what the count said.
        var filter = new { network = $"{FloodNetwork}.77" };
        var preview = await service.Admin.PostAsJsonAsync($"/api/admin/campaigns/{slug}/invalidations/preview", filter);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var count = (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32();
        Assert.Equal(Flood, count);
        clock.Restart();
        var started = await service.Admin.PostAsJsonAsync($"/api/admin/campaigns/{slug}/invalidations", filter);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();
        JsonElement progress = default;
        await ServiceFixture.EventuallyAsync(async () =>
            (progress = await service.Admin.GetFromJsonAsync<JsonElement>(location)).GetProperty("status").GetString() == "done",
            TimeSpan.FromSeconds(60), "the invalidation to finish");
        output.WriteLine($"invalidated in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(count, progress.GetProperty("matched").GetInt32());
        Assert.Equal(count, progress.GetProperty("invalidated").GetInt32());

        // Counts back to the truth; no confirmation or letter of the flood is left to send, each with its reason.
        await ServiceFixture.EventuallyAsync(async () => await PublicCountAsync(slug) == truth, TimeSpan.FromSeconds(15), "the public count back to the real supporters");
        // Those on their way to the relay at that moment (or given back by it) are cancelled by the dispatcher when it next claims them.
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>("""
            select count(*) from messages m join signatures s on s.id = m.signature_id
            where s.status = 'invalidated' and m.status in ('queued', 'deferred', 'sending')
            """) == 0, TimeSpan.FromSeconds(60), "no confirmation of the flood left to send");
        Assert.True(await service.QueryScalarAsync<long>("""
            select count(*) from messages m join signatures s on s.id = m.signature_id
            where s.status = 'invalidated' and m.status = 'cancelled' and m.last_error like 'invalidated by an admin%'
            """) > 0, "cancelled confirmations say why");
        var audit = await service.Admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/audit");
        Assert.Contains(audit!, e => e.GetProperty("action").GetString()!.StartsWith("POST /api/admin/campaigns/{slug}/invalidations", StringComparison.Ordinal));

        // No IP anywhere in the database, in any form pg_dump writes.
        var dump = await DatabaseDump.TextOfAsync(service.ConnectionString);
        Assert.Empty(DatabaseDump.Found(dump, [FloodNetwork + ".", "192.0.2.1"]));

        // A real supporter who erases themselves takes where they signed from with them.
        Assert.True(await service.QueryScalarAsync<bool>("select network_key is not null and domain_key is not null from signatures where email_key = @key",
            new { key = service.AddressKey("real-1@real.example") }));
        Assert.Equal(HttpStatusCode.OK, (await service.Admin.PostAsJsonAsync("/api/admin/supporters/erase", new { email = "real-1@real.example" })).StatusCode);
        Assert.Equal(0, await service.QueryScalarAsync<long>(
            "select count(*) from signatures where erased_at is not null and (network_key is not null or domain_key is not null)"));
    }

    private async Task<long> PublicCountAsync(string slug) =>
        (await service.Client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{slug}")).GetProperty("signatures").GetInt64();
}
