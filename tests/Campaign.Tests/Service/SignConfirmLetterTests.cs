using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Service;

/// <summary>The walking skeleton's path: a supporter signs, confirms, and their letters reach the targets.</summary>
public sealed class SignConfirmLetterTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Sign_NewSupporter_ConfirmationEmailArrivesWithWorkingLink()
    {
        var response = await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("ana@example.org"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("pending", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var mail = TestMailbox.Parse(await service.Mailbox.WaitForAsync(m => m.Recipients.Contains("ana@example.org"), Soon));
        Assert.Equal("ana@example.org", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("", Assert.Single(mail.To.Mailboxes).Name); // never the name the signer typed (abuse issue)
        Assert.Equal("campaigns@campaign.example", Assert.Single(mail.From.Mailboxes).Address);
        Assert.EndsWith("@campaign.example", mail.MessageId, StringComparison.Ordinal);
        Assert.Contains("Let them pass", mail.Subject, StringComparison.Ordinal);
        Assert.StartsWith($"<{service.BaseAddress}unsubscribe/".Replace("//unsubscribe", "/unsubscribe", StringComparison.Ordinal), mail.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.NotNull(mail.HtmlBody);

        var token = await service.ConfirmationTokenForAsync("ana@example.org");
        var page = await service.Client.GetAsync($"/confirm/{token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_TwoSupportersAlike_EachConfirmationCarriesOnlyItsOwnLinks()
    {
        // Confirmations in one language share a body rendered once; the tokens must still be each supporter's own.
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("twin-a@example.org"));
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("twin-b@example.org"));
        var first = TestMailbox.Parse(await service.Mailbox.WaitForAsync(m => m.Recipients.Contains("twin-a@example.org"), Soon));
        var second = TestMailbox.Parse(await service.Mailbox.WaitForAsync(m => m.Recipients.Contains("twin-b@example.org"), Soon));
        var firstToken = await service.ConfirmationTokenForAsync("twin-a@example.org");
        var secondToken = await service.ConfirmationTokenForAsync("twin-b@example.org");

        Assert.NotEqual(firstToken, secondToken);
        Assert.Contains($"/confirm/{firstToken}\"", first.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"/confirm/{secondToken}\"", second.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(secondToken, first.HtmlBody + first.TextBody, StringComparison.Ordinal);
        var firstUnsubscribe = first.Headers["List-Unsubscribe"]!.Trim('<', '>');
        Assert.Contains($"{firstUnsubscribe}\"", first.HtmlBody, StringComparison.Ordinal);
        Assert.NotEqual(firstUnsubscribe, second.Headers["List-Unsubscribe"]!.Trim('<', '>'));

        await service.Client.PostAsync($"/confirm/{secondToken}", null);
        Assert.Equal("pending", await service.QueryScalarAsync<string>($"select status from signatures where email_key = '{service.AddressKey("twin-a@example.org")}'"));
        Assert.Equal("confirmed", await service.QueryScalarAsync<string>($"select status from signatures where email_key = '{service.AddressKey("twin-b@example.org")}'"));
    }

    [Fact]
    public async Task ConfirmPageGet_DoesNotConfirm_ButItsButtonDoes()
    {
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("scanner@example.org"));
        var token = await service.ConfirmationTokenForAsync("scanner@example.org");

        // A mail scanner following the link changes nothing.
        await service.Client.GetAsync($"/confirm/{token}");
        Assert.Equal("pending", await service.QueryScalarAsync<string>($"select status from signatures where email_key = '{service.AddressKey("scanner@example.org")}'"));

        var confirmed = await service.Client.PostAsync($"/confirm/{token}", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("confirmed", await service.QueryScalarAsync<string>($"select status from signatures where email_key = '{service.AddressKey("scanner@example.org")}'"));
    }

    [Fact]
    public async Task Confirm_LetterCampaignWithShare_OneLetterPerTargetIsSentFromTheSupportersName()
    {
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("bora@example.org", name: "Bora Lee", share: true));
        var token = await service.ConfirmationTokenForAsync("bora@example.org");

        var response = await service.Client.PostAsJsonAsync("/api/confirmations", new { token });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("confirmed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        // Sandbox mode (the default): letters go to the sandbox address, the real target in a header.
        var letters = new List<MimeKit.MimeMessage>();
        foreach (var target in new[] { TestCampaigns.FirstTargetEmail, TestCampaigns.SecondTargetEmail })
        {
            var captured = await service.Mailbox.WaitForAsync(
                m => m.Recipients.Contains("sandbox@campaign.example") && TestMailbox.Parse(m).Headers["X-Campaign-Target"] == target
                     && (TestMailbox.Parse(m).Subject ?? "").Contains("Bora Lee", StringComparison.Ordinal), Soon);
            letters.Add(TestMailbox.Parse(captured));
        }
        var english = letters[0];
        Assert.Equal("A letter from Bora Lee", english.Subject);
        Assert.Equal("Bora Lee", Assert.Single(english.From.Mailboxes).Name);
        Assert.Equal("campaigns@campaign.example", Assert.Single(english.From.Mailboxes).Address);
        // The campaign allows no replies: a target's answer reaches the campaign, never the supporter.
        Assert.Equal("campaigns@campaign.example", Assert.Single(english.ReplyTo.Mailboxes).Address);
        Assert.Equal("First Ministry", Assert.Single(english.To.Mailboxes).Name);
        Assert.Contains("Dear First Ministry", english.TextBody, StringComparison.Ordinal);
        Assert.Contains("Bora Lee (KR)", english.TextBody, StringComparison.Ordinal);
        // The second target reads Korean.
        Assert.Equal("Bora Lee의 편지", letters[1].Subject);

        await ServiceFixture.EventuallyAsync(async () =>
        {
            var messages = await service.MessagesAsync($"&campaign={TestCampaigns.Letter}&status=sent");
            return messages.Count(m => m.GetProperty("kind").GetString() == "letter" && letters.Any(l => l.MessageId == m.GetProperty("messageId").GetString())) == 2;
        }, Soon, "both letters listed as sent with their Message-IDs");
    }

    [Fact]
    public async Task Confirm_Twice_IsIdempotentAndQueuesLettersOnce()
    {
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("twice@example.org"));
        var token = await service.ConfirmationTokenForAsync("twice@example.org");

        var first = await service.Client.PostAsJsonAsync("/api/confirmations", new { token });
        var second = await service.Client.PostAsJsonAsync("/api/confirmations", new { token });
        var third = await service.Client.PostAsync($"/confirm/{token}", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(2L, await service.QueryScalarAsync<long>(
            $"select count(*) from messages m join signatures s on s.id = m.signature_id where s.email_key = '{service.AddressKey("twice@example.org")}' and m.kind = 'letter'"));
    }

    [Theory]
    [InlineData("Same.Person@Example.ORG")]
    [InlineData("same.person@example.org.")]
    public async Task Sign_SameEmailAgain_Answers202AndChangesNothing(string variant)
    {
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("same.person@example.org"));
        var before = await service.QueryScalarAsync<long>("select count(*) from messages");
        var signaturesBefore = await service.QueryScalarAsync<long>("select count(*) from signatures");

        var again = await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer(variant, name: "Someone Else"));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("pending", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(before, await service.QueryScalarAsync<long>("select count(*) from messages"));
        Assert.Equal(signaturesBefore, await service.QueryScalarAsync<long>("select count(*) from signatures"));
        var kept = await service.QueryScalarAsync<long>("select id from signatures where email_key = @key", new { key = service.AddressKey("same.person@example.org") });
        Assert.Equal("Ana Kim", (await service.SupporterAsync(kept))!.Name);
    }

    [Fact]
    public async Task Confirm_CountsOnlyConfirmedSignatures()
    {
        var before = await CountAsync();
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("waiting@example.org", country: "LA"));
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("counted@example.org", country: "LA"));

        var token = await service.ConfirmationTokenForAsync("counted@example.org");
        await service.Client.PostAsJsonAsync("/api/confirmations", new { token });
        // The public count is recounted about once a second: the first count that sees the confirmation also sees
        // the signature still waiting for its own, and must not count that one.
        long after = before;
        await ServiceFixture.EventuallyAsync(async () => (after = await CountAsync()) > before, TimeSpan.FromSeconds(10), "the confirmation counted");

        Assert.Equal(before + 1, after);
        var detail = await service.Client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{TestCampaigns.Petition}");
        // Fewer than Privacy:MinCountryCount signers from Laos: the public count names no country for them.
        var byCountry = detail.GetProperty("byCountry");
        Assert.False(byCountry.TryGetProperty("LA", out _));
        Assert.True(byCountry.GetProperty("other").GetInt64() >= 1);

        async Task<long> CountAsync()
        {
            var list = await service.Client.GetFromJsonAsync<List<JsonElement>>("/api/campaigns");
            return list!.Single(c => c.GetProperty("slug").GetString() == TestCampaigns.Petition).GetProperty("signatures").GetInt64();
        }
    }

    [Fact]
    public async Task ConfirmationToken_Forged_Answers400()
    {
        var response = await service.Client.PostAsJsonAsync("/api/confirmations", new { token = "AQAAAAAAAAABAAAAAGlvY2tlZC1ub3QtYS1tYWM" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Unsubscribe_OneClickPost_WithdrawsErasesAndCancelsQueuedMail()
    {
        await service.SignAsync(TestCampaigns.Paused, ServiceFixture.Signer("leaving@example.org"));
        var mail = TestMailbox.Parse(await service.Mailbox.WaitForAsync(m => m.Recipients.Contains("leaving@example.org"), Soon));
        var token = await service.ConfirmationTokenForAsync("leaving@example.org");
        await service.Client.PostAsJsonAsync("/api/confirmations", new { token });
        var id = await service.QueryScalarAsync<long>($"select id from signatures where email_key = '{service.AddressKey("leaving@example.org")}'");
        // The campaign is paused, so its letters wait in the outbox.
        Assert.Equal(2L, await service.QueryScalarAsync<long>("select count(*) from messages where signature_id = @id and kind = 'letter' and status = 'queued'", new { id }));

        var unsubscribe = mail.Headers["List-Unsubscribe"]!.Trim('<', '>');
        var response = await service.Client.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("withdrawn", await service.QueryScalarAsync<string>("select status from signatures where id = @id", new { id }));
        Assert.Null(await service.QueryScalarAsync<byte[]?>("select email from signatures where id = @id", new { id }));
        Assert.Equal(2L, await service.QueryScalarAsync<long>("select count(*) from messages where signature_id = @id and status = 'cancelled'", new { id }));
    }
}
