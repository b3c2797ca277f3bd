using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using Campaign.Core.Inbound;
using Campaign.Tests.Disclosure;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Bounces;

/// <summary>What a bounce that comes back to a message's own return path does to the supporter, the target and the outbox.</summary>
public sealed class BounceTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private InboundMailbox Mailbox => service.Service.Services.GetRequiredService<InboundMailbox>();

    [Fact]
    public async Task ABouncedConfirmation_MarksTheSignatureUndeliverableAndSuppressesTheAddress()
    {
        const string email = "gone-away@supporters.example";
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(email))).StatusCode);
        var confirmation = await service.Mailbox.WaitForAsync(m => m.Recipients.Contains(email), TimeSpan.FromSeconds(15));
        var sent = TestMailbox.Parse(confirmation);

        var receipt = await Mailbox.AcceptAsync(BounceMail.Dsn(confirmation.MailFrom, email, sent.MessageId, "5.1.1", $"550 5.1.1 <{email}>: Recipient address rejected: User unknown"),
            [confirmation.MailFrom], "smtp", CancellationToken.None);

        Assert.Equal(InboundKinds.HardBounce, receipt.Kind);
        var row = await service.QueryScalarAsync<string>("select status || '|' || last_error from messages where message_id = @id", new { id = sent.MessageId });
        Assert.StartsWith("bounced|bounced: 5.1.1", row, StringComparison.Ordinal);
        Assert.DoesNotContain(email, row, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("undeliverable", await service.QueryScalarAsync<string>("select status from signatures where email_key = @key", new { key = service.AddressKey(email) }));
        Assert.Equal("hard-bounce", await service.QueryScalarAsync<string>("select reason from suppressed_addresses where address_key = @key", new { key = service.AddressKey(email) }));
        // The report was read; the mail itself, which quotes the supporter's confirmation, is not kept.
        Assert.True(await service.QueryScalarAsync<bool>("select raw is null and diagnostic not like '%@%' from inbound_mail where id = @Id", receipt));

        // The address is dead: signing another campaign with it queues nothing, and answers as for anyone.
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer(email))).StatusCode);
        Assert.Equal(0, await service.QueryScalarAsync<long>("select count(*) from signatures where campaign = @c and email_key = @key",
            new { c = TestCampaigns.Letter, key = service.AddressKey(email) }));

        // An admin sees the suppression by the address they ask about, with its reason, and may lift it.
        var listed = await (await service.Admin.PostAsJsonAsync("/api/admin/suppressions/lookup", new { email })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("hard-bounce", listed[0].GetProperty("reason").GetString());
        Assert.DoesNotContain(email, listed.GetRawText(), StringComparison.OrdinalIgnoreCase);
        var key = listed[0].GetProperty("addressKey").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await service.Admin.DeleteAsync($"/api/admin/suppressions/{key}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Admin.DeleteAsync($"/api/admin/suppressions/{key}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer(email))).StatusCode);
        Assert.Equal(1, await service.QueryScalarAsync<long>("select count(*) from signatures where campaign = @c and email_key = @key",
            new { c = TestCampaigns.Letter, key = service.AddressKey(email) }));
    }

    [Fact]
    public async Task ABouncedLetter_FlagsTheTargetHoldsItsMailAndTellsTheOrganizersOnce()
    {
        var letters = await SignedLetters.SignAndSendAsync(service, TestCampaigns.Letter, "first-writer@supporters.example",
            ServiceFixture.Signer("first-writer@supporters.example"));
        var letter = letters.Single(m => TestMailbox.Parse(m).Subject!.StartsWith("A letter", StringComparison.Ordinal)); // the English target: "first"
        var bounce = BounceMail.Dsn(letter.MailFrom, letter.Recipients[0], TestMailbox.Parse(letter).MessageId, "5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup");

        Assert.Equal(InboundKinds.HardBounce, (await Mailbox.AcceptAsync(bounce, [letter.MailFrom], "smtp", CancellationToken.None)).Kind);
        await Mailbox.AcceptAsync(bounce, [letter.MailFrom], "imap", CancellationToken.None); // the same bounce read twice

        Assert.Equal("5.1.10 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
            await service.QueryScalarAsync<string>("select reason from failing_targets where campaign = @c and target_id = 'first'", new { c = TestCampaigns.Letter }));
        Assert.Equal(1, await service.QueryScalarAsync<long>("select count(*) from notices where campaign = @c and event = 'target-failing' and target_id = 'first'",
            new { c = TestCampaigns.Letter }));
        // The delivery ledger keeps the letter's entry (the relay did accept it) and shows the bounce against it.
        await ServiceFixture.EventuallyAsync(async () =>
        {
            var entries = await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/campaigns/{TestCampaigns.Letter}/ledger?target=first");
            return entries!.Any(e => e.GetProperty("message_id").GetString()!.Trim('<', '>') == TestMailbox.Parse(letter).MessageId
                && (e.GetProperty("bounce").GetString() ?? "").Contains("5.1.10", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(10), "the bounce against the letter's ledger entry");

        // A new supporter's letter to the failing target waits; the other target's goes.
        const string second = "second-writer@supporters.example";
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer(second))).StatusCode);
        var token = await service.ConfirmationTokenForAsync(second);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsync($"/confirm/{token}", null)).StatusCode);
        var signature = await service.QueryScalarAsync<long>("select id from signatures where email_key = @key", new { key = service.AddressKey(second) });
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<string>(
            "select status from messages where signature_id = @signature and target_id = 'second'", new { signature }) == "sent",
            TimeSpan.FromSeconds(20), "the letter to the working target is sent");
        Assert.Equal("queued", await service.QueryScalarAsync<string>(
            "select status from messages where signature_id = @signature and target_id = 'first'", new { signature }));

        // The dashboard's list names the failing target; clearing the flag sends what it held.
        var failing = await service.Admin.GetFromJsonAsync<JsonElement>("/api/admin/failing-targets");
        Assert.Contains(failing.EnumerateArray(), f => f.GetProperty("targetId").GetString() == "first");
        Assert.Equal(HttpStatusCode.NoContent, (await service.Admin.DeleteAsync($"/api/admin/campaigns/{TestCampaigns.Letter}/targets/first/failing")).StatusCode);
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<string>(
            "select status from messages where signature_id = @signature and target_id = 'first'", new { signature }) == "sent",
            TimeSpan.FromSeconds(20), "the held letter is sent once the flag is cleared");
    }

    [Fact]
    public async Task ABounceForAMessageWeNeverSent_OrNoMailAtAll_IsKeptForAnAdminAndChangesNothing()
    {
        var forged = BounceMail.Dsn("bounces+aaaaaaaaaaaaaaaaaaaaaaaaaa@campaign.example", "victim@supporters.example", "never-sent@campaign.example", "5.1.1", "550 5.1.1 no such user");
        var suppressedBefore = await service.QueryScalarAsync<long>("select count(*) from suppressed_addresses");

        var receipt = await Mailbox.AcceptAsync(forged, ["bounces+aaaaaaaaaaaaaaaaaaaaaaaaaa@campaign.example"], "smtp", CancellationToken.None);
        var garbage = await Mailbox.AcceptAsync(new byte[] { 0, 1, 2, 3, 0xFF, 0xFE }, [], "imap", CancellationToken.None);

        Assert.True(await service.QueryScalarAsync<bool>("select message is null and raw is not null from inbound_mail where id = @Id", receipt));
        Assert.Equal(InboundKinds.Unreadable, garbage.Kind);
        Assert.True(await service.QueryScalarAsync<bool>("select raw is not null from inbound_mail where id = @Id", garbage));
        Assert.Equal(suppressedBefore, await service.QueryScalarAsync<long>("select count(*) from suppressed_addresses"));
    }

    [Fact]
    public async Task ASupportersReplyToTheirConfirmation_IsKeptForAnAdmin_AndGoesWithTheirErasure()
    {
        const string email = "writes-back@supporters.example";
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(email))).StatusCode);
        var confirmation = TestMailbox.Parse(await service.Mailbox.WaitForAsync(m => m.Recipients.Contains(email), TimeSpan.FromSeconds(15)));
        var reply = Encoding.UTF8.GetBytes($"""
            From: Ana Kim <{email}>
            To: campaigns@campaign.example
            Subject: Re: {confirmation.Subject}
            In-Reply-To: <{confirmation.MessageId}>
            Message-ID: <reply-{Guid.NewGuid():N}@supporters.example>
            Date: Wed, 02 Dec 2026 10:00:00 +0000
            Content-Type: text/plain; charset=utf-8

            Is my name shown anywhere?

            """.ReplaceLineEndings("\r\n"));

        var receipt = await Mailbox.AcceptAsync(reply, ["campaigns@campaign.example"], "smtp", CancellationToken.None);
        Assert.Equal(InboundKinds.Reply, receipt.Kind);
        Assert.True(await service.QueryScalarAsync<bool>("select raw is not null and message is not null from inbound_mail where id = @Id", receipt));

        Assert.Equal(HttpStatusCode.OK, (await service.Admin.PostAsJsonAsync("/api/admin/supporters/erase", new { email })).StatusCode);

        Assert.Equal(0, await service.QueryScalarAsync<long>("select count(*) from inbound_mail where id = @Id", receipt));
    }
}
