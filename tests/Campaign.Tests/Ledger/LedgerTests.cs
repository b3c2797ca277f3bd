using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Campaign.Core.Campaigns;
using Campaign.Core.Deliveries;
using Campaign.Core.Ledger;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Ledger;

/// <summary>
/// The delivery ledger: every letter the relay accepts gets an entry proving what was sent and when, chained per
/// campaign; a change made behind the service's back is found at the entry it touched.
/// </summary>
public sealed class LedgerTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Letters_AcceptedByTheRelay_EachHaveAnEntryWithTheReplyTheHashOfWhatArrivedAndNoSupporter()
    {
        var letters = await SendLettersAsync("ledger-proof@example.org", "Ledger Proof");

        foreach (var letter in letters)
        {
            var entry = await EntryForAsync(letter.MessageId);
            Assert.StartsWith("250 ", entry.GetProperty("relay_reply").GetString(), StringComparison.Ordinal);
            // What the relay received, byte for byte, hashes to what the ledger says was sent.
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(letter.Raw)), entry.GetProperty("body_sha256").GetString());
            Assert.Equal("letter", entry.GetProperty("kind").GetString());
            Assert.Equal("1", entry.GetProperty("signatures").GetString());
            var export = entry.GetRawText();
            Assert.DoesNotContain("ledger-proof", export, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Ledger Proof", export, StringComparison.Ordinal);
        }
        var check = await service.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/campaigns/{TestCampaigns.Letter}/ledger/verify");
        Assert.True(check.GetProperty("intact").GetBoolean());
        // The public summary is shared and refreshed about once a second: it shows the chain's head soon after.
        var shown = await PublicLedgerAsync(TestCampaigns.Letter);
        Assert.Equal(check.GetProperty("head").GetString(), shown.GetProperty("head").GetString());
        Assert.Equal(check.GetProperty("entries").GetInt64(), shown.GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("letters").GetInt64()));
    }

    [Theory]
    [InlineData("ko", "전달 기록")]
    [InlineData("zh", "递送记录")]
    [InlineData("lo", "ບັນທຶກການສົ່ງ")]
    [InlineData("en", "Delivery record")]
    public async Task LedgerPage_InEachLanguage_ShowsTheRecipientsCountsAndTheChainHead(string language, string title)
    {
        await DeliverAsync($"ledger-page-{language}@example.org", $"Ledger Page {language}");
        var head = (await PublicLedgerAsync(TestCampaigns.Delivery)).GetProperty("head").GetString();
        var target = service.Service.Services.GetRequiredService<CampaignCatalog>().Find(TestCampaigns.Delivery)!.FindTarget("cn-mfa")!.Name;

        var page = await service.Client.GetAsync($"/c/{TestCampaigns.Delivery}/ledger?lang={language}");
        var html = await page.Content.ReadAsStringAsync();
        var campaignPage = await service.Client.GetStringAsync($"/c/{TestCampaigns.Delivery}?lang={language}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(target), html, StringComparison.Ordinal);
        Assert.Contains(head!, html, StringComparison.Ordinal);
        Assert.DoesNotContain("ledger-page-", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ledger Page", html, StringComparison.Ordinal);
        Assert.Contains($"/c/{TestCampaigns.Delivery}/ledger?lang={language}", campaignPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delivery_AcceptedByTheRelay_CountsTheSignaturesItCarried()
    {
        await service.SignAndConfirmAsync(TestCampaigns.Delivery, "ledger-d1@example.org", "Ledger One", "KR", share: true);
        await service.SignAndConfirmAsync(TestCampaigns.Delivery, "ledger-d2@example.org", "Ledger Two", "CN", share: false);

        var entry = await DeliverAsync("ledger-d3@example.org", "Ledger Three");

        Assert.Equal("delivery", entry.GetProperty("kind").GetString());
        Assert.Equal("cn-mfa", entry.GetProperty("target").GetString());
        // The three signed above, all new to this target.
        Assert.Equal("3", entry.GetProperty("signatures").GetString());
        var csv = await service.Admin.GetStringAsync($"/api/admin/campaigns/{TestCampaigns.Delivery}/ledger?format=csv");
        Assert.StartsWith(string.Join(',', LedgerExport.Columns), csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Ledger", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_EveryEntryCanBeRecomputedFromItsOwnFields_AndTheChainLinksThem()
    {
        await SendLettersAsync("ledger-export@example.org", "Ledger Export");
        using var folder = new TempDirectory("ledger-export");

        var (exit, stdout, stderr) = await ServiceVerb.RunAsync("ledger", "export", TestCampaigns.Letter, "--out", folder.Path, $"--ConnectionStrings:Campaign={service.ConnectionString}");

        Assert.True(exit == 0, stderr);
        Assert.Contains("entries written to", stdout, StringComparison.Ordinal);
        var entries = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder.Path, $"ledger-{TestCampaigns.Letter}.json"))).RootElement.EnumerateArray().ToList();
        var csv = await File.ReadAllLinesAsync(Path.Combine(folder.Path, $"ledger-{TestCampaigns.Letter}.csv"));
        Assert.Equal(string.Join(',', LedgerExport.Columns), csv[0]);
        Assert.Equal(entries.Count, csv.Length - 1);
        var previous = Convert.ToHexStringLower(LedgerEntry.Genesis);
        foreach (var e in entries)
        {
            string F(string name) => e.GetProperty(name).GetString()!;
            Assert.Equal(previous, F("previous_hash"));
            var hash = LedgerEntry.Hash(F("campaign"), long.Parse(F("seq"), System.Globalization.CultureInfo.InvariantCulture), F("target"), F("kind"), F("message_id"), F("relay_reply"),
                DateTime.Parse(F("accepted_at"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), Convert.FromHexString(F("body_sha256")),
                long.Parse(F("signatures"), System.Globalization.CultureInfo.InvariantCulture), Convert.FromHexString(F("previous_hash")));
            Assert.Equal(F("entry_hash"), Convert.ToHexStringLower(hash));
            previous = F("entry_hash");
        }
    }

    [Fact]
    public async Task Verify_AnEntryChangedInTheDatabase_IsNamedAndTheServiceRefusesToChangeOne()
    {
        var letters = await SendLettersAsync("ledger-tamper@example.org", "Ledger Tamper");
        // The earlier of this supporter's two entries: never the last of the chain.
        var seq = (await Task.WhenAll(letters.Select(l => EntryForAsync(l.MessageId))))
            .Select(e => long.Parse(e.GetProperty("seq").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Min();
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, $"update ledger_entries set signatures = 99 where seq = {seq} and campaign = '{TestCampaigns.Letter}'"));
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, $"delete from ledger_entries where seq = {seq} and campaign = '{TestCampaigns.Letter}'"));

        // Someone with the database's superuser goes around the trigger; the entry is kept aside to be put back.
        var entry = $"seq = {seq} and campaign = '{TestCampaigns.Letter}'";
        await Execute(connection, $"""
            create temp table kept as select * from ledger_entries where {entry};
            alter table ledger_entries disable trigger ledger_entries_append_only;
            update ledger_entries set relay_reply = '250 2.0.0 Ok: queued as FORGED' where {entry};
            """);
        var (forgedExit, forgedOut, _) = await VerifyAsync();
        await Execute(connection, $"delete from ledger_entries where {entry}");
        var (_, missingOut, _) = await VerifyAsync();
        await Execute(connection, """
            insert into ledger_entries select * from kept;
            alter table ledger_entries enable trigger ledger_entries_append_only;
            """);
        var (restoredExit, restoredOut, _) = await VerifyAsync();

        Assert.Equal(1, forgedExit);
        Assert.Contains($"BROKEN at entry {seq}:", forgedOut, StringComparison.Ordinal);
        Assert.Contains("was changed after it was written", forgedOut, StringComparison.Ordinal);
        // Removing an entry is found too, at the entry that is missing.
        Assert.Contains($"BROKEN at entry {seq}: entry {seq} is missing", missingOut, StringComparison.Ordinal);
        Assert.True(restoredExit == 0, restoredOut);
        Assert.Contains("the chain holds", restoredOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithAPublishedHead_FindsEntriesRemovedFromTheEndOfTheChain()
    {
        await SendLettersAsync("ledger-head@example.org", "Ledger Head");
        await EventuallyAllSentAsync();
        var published = (await PublicLedgerAsync(TestCampaigns.Letter)).GetProperty("head").GetString()!;
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();

        // The last entry removed: what is left is a shorter chain that holds, unless checked against the head.
        await Execute(connection, $"""
            create temp table kept as select * from ledger_entries where campaign = '{TestCampaigns.Letter}' order by seq desc limit 1;
            alter table ledger_entries disable trigger ledger_entries_append_only;
            delete from ledger_entries where (campaign, seq) in (select campaign, seq from kept);
            """);
        var (plainExit, _, _) = await VerifyAsync();
        var (headExit, headOut, _) = await VerifyAsync("--head", published);
        await Execute(connection, """
            insert into ledger_entries select * from kept;
            alter table ledger_entries enable trigger ledger_entries_append_only;
            """);
        var (restoredExit, restoredOut, _) = await VerifyAsync("--head", published);
        var (badExit, _, badErr) = await VerifyAsync("--head", "not-a-hash");

        Assert.Equal(0, plainExit);
        Assert.Equal(1, headExit);
        Assert.Contains($"the published head {published} is in none of the", headOut, StringComparison.Ordinal);
        Assert.True(restoredExit == 0, restoredOut);
        Assert.Equal(2, badExit);
        Assert.Contains("--head", badErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UnknownCampaign_OrExportToAPathForATarget_SaysSoAndExitsTwo()
    {
        var (exit, _, stderr) = await ServiceVerb.RunAsync("ledger", "verify", "no-such-campaign", $"--ConnectionStrings:Campaign={service.ConnectionString}");
        var (pathExit, _, pathErr) = await ServiceVerb.RunAsync("ledger", "export", TestCampaigns.Letter, "--target", "../../escape", $"--ConnectionStrings:Campaign={service.ConnectionString}");

        Assert.Equal(2, exit);
        Assert.Contains("no campaign 'no-such-campaign'", stderr, StringComparison.Ordinal);
        // A target id names the export's file; a path in its place writes nothing anywhere.
        Assert.Equal(2, pathExit);
        Assert.Contains("--target is a target id", pathErr, StringComparison.Ordinal);
    }

    /// <summary>The public ledger once it shows the head the chain has now (it is refreshed about once a second).</summary>
    private async Task<JsonElement> PublicLedgerAsync(string slug)
    {
        var current = (await service.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/campaigns/{slug}/ledger/verify")).GetProperty("head").GetString();
        JsonElement shown = default;
        await ServiceFixture.EventuallyAsync(async () =>
        {
            shown = await service.Client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{slug}/ledger");
            return shown.GetProperty("head").GetString() == current;
        }, Soon, $"the public ledger of {slug} showing its current head");
        return shown;
    }

    /// <summary>Signs and confirms one more supporter of the delivery campaign, delivers to cn-mfa, and returns the delivery's entry.</summary>
    private async Task<JsonElement> DeliverAsync(string email, string name)
    {
        await service.SignAndConfirmAsync(TestCampaigns.Delivery, email, name, "US", share: true);
        var before = (await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/campaigns/{TestCampaigns.Delivery}/ledger?target=cn-mfa"))!.Count;
        await service.Service.Services.GetRequiredService<PetitionDeliveries>().DeliverScheduledAsync(TestCampaigns.Delivery, "cn-mfa", CancellationToken.None);
        JsonElement entry = default;
        await ServiceFixture.EventuallyAsync(async () =>
        {
            var entries = await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/campaigns/{TestCampaigns.Delivery}/ledger?target=cn-mfa");
            entry = entries!.LastOrDefault();
            return entries!.Count > before;
        }, Soon, "the delivery's ledger entry");
        return entry;
    }

    /// <summary>Until no letter of the campaign is still on its way: the ledger then holds them all.</summary>
    private Task EventuallyAllSentAsync() => ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
        "select count(*) from messages where campaign = @c and kind = 'letter' and status not in ('sent', 'failed', 'cancelled')", new { c = TestCampaigns.Letter }) == 0,
        Soon, "every letter sent");

    private Task<(int Exit, string Stdout, string Stderr)> VerifyAsync(params string[] options) =>
        ServiceVerb.RunAsync(["ledger", "verify", TestCampaigns.Letter, .. options, $"--ConnectionStrings:Campaign={service.ConnectionString}"]);

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Signs and confirms a supporter whose letters go to both targets; returns the letters as the relay received them.</summary>
    private async Task<List<(string MessageId, byte[] Raw)>> SendLettersAsync(string email, string name)
    {
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer(email, name: name, share: true));
        var token = await service.ConfirmationTokenForAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsJsonAsync("/api/confirmations", new { token })).StatusCode);
        var letters = new List<(string, byte[])>();
        foreach (var target in new[] { TestCampaigns.FirstTargetEmail, TestCampaigns.SecondTargetEmail })
        {
            var captured = await service.Mailbox.WaitForAsync(m => TestMailbox.Parse(m).Headers["X-Campaign-Target"] == target
                && (TestMailbox.Parse(m).Subject ?? "").Contains(name, StringComparison.Ordinal), Soon);
            letters.Add((TestMailbox.Parse(captured).MessageId!, captured.Raw));
        }
        return letters;
    }

    /// <summary>The admin export's entry for a message, once its outcome is recorded.</summary>
    private async Task<JsonElement> EntryForAsync(string messageId)
    {
        JsonElement found = default;
        await ServiceFixture.EventuallyAsync(async () =>
        {
            var entries = await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/campaigns/{TestCampaigns.Letter}/ledger");
            found = entries!.FirstOrDefault(e => e.GetProperty("message_id").GetString()!.Trim('<', '>') == messageId);
            return found.ValueKind == JsonValueKind.Object;
        }, Soon, $"a ledger entry for {messageId}");
        return found;
    }
}
