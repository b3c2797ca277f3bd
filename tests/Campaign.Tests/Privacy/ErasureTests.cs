using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Campaign.Core.Campaigns;
using Campaign.Core.Deliveries;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Campaign.Tests.Privacy;

/// <summary>
/// Erasure is real whichever way it comes — the supporter's link, an admin, the <c>erase</c> verb, a
/// withdrawal, expiry: afterwards a <c>pg_dump</c> of the whole database holds nothing the supporter gave us
/// (signatures, messages, captured copies of their confirmation, letters and petition deliveries), while the
/// counts, the record of the letters sent and the delivery ledger read exactly as before.
/// </summary>
public sealed class ErasureTests(ErasureTests.Fixture service) : IClassFixture<ErasureTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        // The embedded capture server keeps a full copy of every email in captured_mail: erasure must reach those too.
        protected override bool UseTestRelay => false;
    }

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    /// <summary>A supporter whose every field carries one unique tag, so a dump can be searched for all of them.</summary>
    private sealed record Supporter(string Tag)
    {
        public string Name => $"Zelda{Tag}";
        public string Email => $"mail{Tag}@example.org";
        public string Postcode => $"P{Tag}";
        public string Comment => $"Comment{Tag}";
        public string Letter => $"Please let them pass, says {Tag}.";
        public string[] Markers => [Tag, Name, Email, Postcode, Comment, Letter];

        public static Supporter New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
    }

    /// <summary>Where a supporter's signatures are, and the links their confirmation email gave them.</summary>
    private sealed record Signed(long Letter, long? Petition, string EraseToken, string Unsubscribe);

    [Fact]
    public async Task EraseLink_ConfirmedSupporterAfterLettersAndADelivery_DumpHoldsNoMarkerAndEveryFigureIsUnchanged()
    {
        var who = Supporter.New();
        var signed = await SignConfirmAndSendAsync(who, petition: true);
        var figures = await FiguresAsync();
        // Sealed at rest: before erasure, after letters and a delivery, the dump already holds no marker in clear —
        // though the supporter is in it, sealed, and the service opens them; and the search does find what is kept
        // in clear (the letters' recipient).
        var sealedDump = await DatabaseDump.TextOfAsync(service.ConnectionString);
        Assert.Empty(DatabaseDump.Found(sealedDump, who.Markers));
        Assert.Equal(who.Name, (await service.SupporterAsync(signed.Letter))!.Name);
        Assert.NotEmpty(DatabaseDump.Found(sealedDump, ["sandbox@campaign.example"]));

        var page = await service.Client.GetStringAsync($"/erase/{signed.EraseToken}");
        var (status, answer) = await service.EraseByLinkAsync(signed.EraseToken, neverEmailAgain: false);
        var (againStatus, again) = await service.EraseByLinkAsync(signed.EraseToken, neverEmailAgain: false);

        Assert.Contains("<form method=\"post\"", page, StringComparison.Ordinal);
        Assert.Matches("<input id=\"f-never\" name=\"never\" type=\"checkbox\" value=\"true\"(?! checked)", page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Everything about you is erased.", answer, StringComparison.Ordinal);
        Assert.Equal((status, answer), (againStatus, again));
        Assert.Equal(figures, await FiguresAsync());
        Assert.Equal(["confirmed", "confirmed"], await StatusesAsync(signed));
        Assert.Empty(DatabaseDump.Found(await DatabaseDump.TextOfAsync(service.ConnectionString), who.Markers));
        Assert.Empty(DatabaseDump.Found(await service.Admin.GetStringAsync($"/api/admin/campaigns/{TestCampaigns.Letter}/signatures.csv"), who.Markers));
        Assert.Equal(0L, await SuppressedAsync(who));
    }

    [Fact]
    public async Task AdminErase_AddressThatSignedTwoCampaigns_AnswersTwoThenZeroLikeAnUnknownAddress()
    {
        var who = Supporter.New();
        var signed = await SignConfirmAndSendAsync(who, petition: true);
        var figures = await FiguresAsync();

        // Written as a person might type it: the lookup ignores case and a trailing dot.
        var first = await service.Admin.PostAsJsonAsync("/api/admin/supporters/erase", new { email = who.Email.ToUpperInvariant() + "." });
        var second = await service.Admin.PostAsJsonAsync("/api/admin/supporters/erase", new { email = who.Email });
        var stranger = await service.Admin.PostAsJsonAsync("/api/admin/supporters/erase", new { email = "never-signed@example.org" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("""{"erased":2}""", await first.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.OK, """{"erased":0}"""), (second.StatusCode, await second.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, """{"erased":0}"""), (stranger.StatusCode, await stranger.Content.ReadAsStringAsync()));
        Assert.Equal(first.Content.Headers.ContentType, stranger.Content.Headers.ContentType);
        Assert.Equal(figures, await FiguresAsync());
        Assert.Equal(["confirmed", "confirmed"], await StatusesAsync(signed));
        Assert.Empty(DatabaseDump.Found(await DatabaseDump.TextOfAsync(service.ConnectionString), who.Markers));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"email":"not an address"}""")]
    [InlineData("""{"email":42}""")]
    public async Task AdminErase_MissingOrMalformedEmail_Answers400NamingEmail(string body)
    {
        var response = await service.Admin.PostAsync("/api/admin/supporters/erase", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task EraseVerb_AddressThatSignedTwoCampaigns_PrintsHowManyAndLeavesNoMarker()
    {
        var who = Supporter.New();
        var signed = await SignConfirmAndSendAsync(who, petition: true);
        var figures = await FiguresAsync();

        var (exit, output) = await ServiceCommand.RunAsync(service, "erase", who.Email);
        var (strangerExit, strangerOutput) = await ServiceCommand.RunAsync(service, "erase", "never-signed@example.org");
        var (missingExit, _) = await ServiceCommand.RunAsync(service, "erase");

        Assert.Equal((0, "Erased 2 signature(s)."), (exit, output.Trim()));
        Assert.Equal((0, "Erased 0 signature(s)."), (strangerExit, strangerOutput.Trim()));
        Assert.Equal(2, missingExit);
        Assert.Equal(figures, await FiguresAsync());
        Assert.Equal(["confirmed", "confirmed"], await StatusesAsync(signed));
        Assert.Empty(DatabaseDump.Found(await DatabaseDump.TextOfAsync(service.ConnectionString), who.Markers));
    }

    [Fact]
    public async Task Withdraw_ConfirmedSupporterAfterLetters_StopsCountingAndLeavesNoMarker()
    {
        var who = Supporter.New();
        var signed = await SignConfirmAndSendAsync(who, petition: false);
        var sentLetters = await SentLettersAsync(signed.Letter);

        var response = await service.Client.PostAsync(signed.Unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["withdrawn"], await StatusesAsync(signed));
        Assert.Equal(2L, sentLetters);
        Assert.Equal(sentLetters, await SentLettersAsync(signed.Letter)); // the letters went: the record says so still
        Assert.Empty(DatabaseDump.Found(await DatabaseDump.TextOfAsync(service.ConnectionString), who.Markers));
    }

    [Fact]
    public async Task EraseExpired_UnconfirmedSupporter_LeavesNoMarkerNotEvenTheirConfirmation()
    {
        var who = Supporter.New();
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Letter, SignatureOf(who, letter: true))).StatusCode);
        var id = await SignatureIdAsync(TestCampaigns.Letter, who);
        await service.CapturedAsync($"confirmation:{id}");
        await service.QueryScalarAsync<int>("update signatures set created_at = now() - interval '16 days' where id = @id; select 0", new { id });

        await service.Service.Services.GetRequiredService<SignatureExpiry>().EraseExpiredAsync(CancellationToken.None);

        Assert.Equal("expired", await service.QueryScalarAsync<string>("select status from signatures where id = @id", new { id }));
        Assert.Empty(DatabaseDump.Found(await DatabaseDump.TextOfAsync(service.ConnectionString), who.Markers));
    }

    [Fact]
    public async Task EraseLink_NeverEmailAgainTicked_SigningAgainAnswersAsUsualButKeepsAndSendsNothing()
    {
        var who = Supporter.New();
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Letter, SignatureOf(who, letter: false))).StatusCode);
        var id = await SignatureIdAsync(TestCampaigns.Letter, who);
        var token = SupporterLinks.EraseTokenIn(await service.CapturedAsync($"confirmation:{id}"));

        var (status, _) = await service.EraseByLinkAsync(token, neverEmailAgain: true);
        var messages = await service.QueryScalarAsync<long>("select count(*) from messages");
        var api = await service.SignAsync(TestCampaigns.Letter, SignatureOf(who, letter: false));
        var otherCampaign = await service.SignAsync(TestCampaigns.Petition, SignatureOf(who, letter: false));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1L, await SuppressedAsync(who));
        Assert.Equal(HttpStatusCode.Accepted, api.StatusCode);
        Assert.Equal("""{"status":"pending"}""", await api.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, otherCampaign.StatusCode);
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = @key", new { key = service.AddressKey(who.Email) }));
        Assert.Equal(messages, await service.QueryScalarAsync<long>("select count(*) from messages"));
        // Only the address's keyed lookup key is kept: not the address, nor anything else of them.
        Assert.Empty(DatabaseDump.Found(await DatabaseDump.TextOfAsync(service.ConnectionString), who.Markers));
    }

    [Fact]
    public async Task EraseLink_BoxLeftEmpty_SigningAgainGetsAConfirmationAsAnyoneWould()
    {
        var who = Supporter.New();
        await service.SignAsync(TestCampaigns.Letter, SignatureOf(who, letter: false));
        var id = await SignatureIdAsync(TestCampaigns.Letter, who);
        var token = SupporterLinks.EraseTokenIn(await service.CapturedAsync($"confirmation:{id}"));

        await service.EraseByLinkAsync(token, neverEmailAgain: false);
        await service.SignAsync(TestCampaigns.Letter, SignatureOf(who, letter: false));

        Assert.Equal(0L, await SuppressedAsync(who));
        var again = await SignatureIdAsync(TestCampaigns.Letter, who);
        Assert.NotEqual(id, again);
        await service.CapturedAsync($"confirmation:{again}");
    }

    [Fact]
    public async Task EraseLink_ForgedOrWithoutFormToken_ErasesNothing()
    {
        var who = Supporter.New();
        await service.SignAsync(TestCampaigns.Letter, SignatureOf(who, letter: false));
        var id = await SignatureIdAsync(TestCampaigns.Letter, who);
        var token = SupporterLinks.EraseTokenIn(await service.CapturedAsync($"confirmation:{id}"));

        var forged = await service.Client.PostAsync($"/erase/{token[..^2]}AA", new FormUrlEncodedContent([]));
        var withoutFormToken = await service.Client.PostAsync($"/erase/{token}", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutFormToken.StatusCode);
        Assert.Null(await service.QueryScalarAsync<DateTime?>("select erased_at from signatures where id = @id", new { id }));
    }

    [Fact]
    public async Task Erase_ConfirmedSupportersMailOnTheWireThatMustBeTriedAgain_IsNeverMadeAgain()
    {
        var who = Supporter.New();
        var key = $"confirmation:{(await SignConfirmAndSendAsync(who, petition: false)).Letter}";
        // A confirmed supporter, erased while a worker holds the confirmation (only queued and deferred mail can be cancelled) ...
        await service.QueryScalarAsync<int>("update messages set status = 'sending', lease_until = now() + interval '5 minutes' where dedupe_key = @key; select 0", new { key });
        await service.Admin.PostAsJsonAsync("/api/admin/supporters/erase", new { email = who.Email });
        // ... whose relay then answers "try again later".
        await service.QueryScalarAsync<int>("update messages set status = 'deferred', lease_until = null, next_attempt_at = now() where dedupe_key = @key; select 0", new { key });
        service.Service.Services.GetRequiredService<IDispatchScheduler>().Kick();

        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<string>("select status from messages where dedupe_key = @key", new { key }) == "failed",
            Soon, "the retried confirmation given up");

        Assert.Contains("was erased", await service.QueryScalarAsync<string>("select last_error from messages where dedupe_key = @key", new { key }), StringComparison.Ordinal);
        Assert.Equal(0L, await service.QueryScalarAsync<long>(
            "select count(*) from captured_mail c join messages m on m.message_id = c.message_id where m.dedupe_key = @key", new { key }));
    }

    [Theory]
    [InlineData("ko", "저에 관한 모든 정보 삭제")]
    [InlineData("zh", "删除关于我的一切信息")]
    [InlineData("lo", "ລຶບທຸກຢ່າງກ່ຽວກັບຂ້ອຍ")]
    public async Task EraseLink_SignedInAnotherLanguage_EmailAndPageSpeakIt(string language, string title)
    {
        var who = Supporter.New();
        await service.SignAsync(TestCampaigns.Delivery, new { name = who.Name, email = who.Email, country = "KR", locale = language, consent = true });
        var id = await SignatureIdAsync(TestCampaigns.Delivery, who);
        var mail = await service.CapturedAsync($"confirmation:{id}");

        var page = await service.Client.GetStringAsync($"/erase/{SupporterLinks.EraseTokenIn(mail)}");

        Assert.Contains(title, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", page, StringComparison.Ordinal);
        Assert.Contains($"<h1>{title}</h1>", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// Signs the letter campaign (and the petition) with every field marked, confirms from the email, waits until
    /// both letters (and a delivery carrying the petition signature) are sent and captured, and all mail is settled.
    /// </summary>
    private async Task<Signed> SignConfirmAndSendAsync(Supporter who, bool petition)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Letter, SignatureOf(who, letter: true))).StatusCode);
        var letter = await SignatureIdAsync(TestCampaigns.Letter, who);
        var confirmation = await service.CapturedAsync($"confirmation:{letter}");
        await ConfirmAsync(confirmation);
        await service.CapturedAsync($"letter:{letter}:first");
        await service.CapturedAsync($"letter:{letter}:second");

        long? carried = null;
        if (petition)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Delivery, SignatureOf(who, letter: false))).StatusCode);
            carried = await SignatureIdAsync(TestCampaigns.Delivery, who);
            await ConfirmAsync(await service.CapturedAsync($"confirmation:{carried}"));
            var campaign = service.Service.Services.GetRequiredService<CampaignCatalog>().Find(TestCampaigns.Delivery)!;
            var delivery = await service.Service.Services.GetRequiredService<PetitionDeliveries>()
                .DeliverAsync(campaign, campaign.FindTarget("cn-mfa")!, DeliveryReason.Schedule, null, CancellationToken.None);
            Assert.NotNull(delivery);
            var csv = (await service.CapturedAsync($"delivery:{delivery}")).Attachments.OfType<MimePart>().Single();
            Assert.Equal("text/csv", csv.ContentType.MimeType); // the copy that carries the name is there, to be erased
        }

        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            "select count(*) from messages where status in ('queued', 'sending', 'deferred') and campaign = any(@campaigns)",
            new { campaigns = new[] { TestCampaigns.Letter, TestCampaigns.Delivery } }) == 0, Soon, "every message sent");
        return new Signed(letter, carried, SupporterLinks.EraseTokenIn(confirmation), confirmation.Headers["List-Unsubscribe"]!.Trim('<', '>'));
    }

    private static object SignatureOf(Supporter who, bool letter) => letter
        ? new { name = who.Name, email = who.Email, country = "KR", postcode = who.Postcode, comment = who.Comment, letter = new { body = who.Letter }, consent = true, share = true }
        : new { name = who.Name, email = who.Email, country = "KR", postcode = who.Postcode, comment = who.Comment, consent = true, share = true };

    private Task<long> SignatureIdAsync(string campaign, Supporter who) => service.QueryScalarAsync<long>(
        "select id from signatures where campaign = @campaign and email_key = @key", new { campaign, key = service.AddressKey(who.Email) });

    private async Task ConfirmAsync(MimeMessage confirmation)
    {
        var token = SupporterLinks.ConfirmTokenIn(confirmation);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsync($"/confirm/{token}", null)).StatusCode);
    }




    /// <summary>What anyone may count, and what admins see of counts, messages and deliveries, in the two campaigns signed.</summary>
    private async Task<string> FiguresAsync()
    {
        await service.PublicCountIsCurrentAsync(TestCampaigns.Letter);
        await service.PublicCountIsCurrentAsync(TestCampaigns.Delivery);
        // Other campaigns' opening and closing notices go out whenever Hangfire gets to them: leave them out.
        var stats = (await service.Admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/stats"))!
            .Where(c => c.GetProperty("slug").GetString() is TestCampaigns.Letter or TestCampaigns.Delivery);
        return string.Join('\n',
            await service.Client.GetStringAsync($"/api/campaigns/{TestCampaigns.Letter}"),
            await service.Client.GetStringAsync($"/api/campaigns/{TestCampaigns.Delivery}"),
            string.Join('\n', stats.Select(c => c.GetRawText())),
            await service.Admin.GetStringAsync($"/api/admin/campaigns/{TestCampaigns.Delivery}/deliveries"));
    }

    private async Task<List<string>> StatusesAsync(Signed signed)
    {
        var ids = signed.Petition is { } petition ? new[] { signed.Letter, petition } : [signed.Letter];
        var statuses = new List<string>();
        foreach (var id in ids) statuses.Add(await service.QueryScalarAsync<string>("select status from signatures where id = @id", new { id }));
        return statuses;
    }

    private Task<long> SentLettersAsync(long signature) => service.QueryScalarAsync<long>(
        "select count(*) from messages where signature_id = @signature and kind = 'letter' and status = 'sent'", new { signature });

    private Task<long> SuppressedAsync(Supporter who) => service.QueryScalarAsync<long>(
        "select count(*) from suppressed_addresses where address_key = @key", new { key = service.AddressKey(who.Email) });



}
