using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Core.Outbox;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Service;

/// <summary>The admin API answers admins only; everyone else gets 401 and no data.</summary>
public sealed class AdminApiTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Theory]
    [InlineData("/api/admin/stats")]
    [InlineData("/api/admin/messages")]
    [InlineData("/api/admin/campaigns/letter-test/signatures.csv")]
    [InlineData("/admin")]
    [InlineData("/admin/mail")]
    [InlineData("/hangfire")]
    public async Task AdminEndpoint_WithoutKey_Answers401WithNoData(string path)
    {
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("secret-signer@example.org"));

        var response = await service.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret-signer", body, StringComparison.Ordinal);
        Assert.DoesNotContain("letter-test", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminApi_WithWrongKey_Answers401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/stats");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-key");

        var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Stats_AfterSigning_CountsPendingSignaturesAndSentConfirmations()
    {
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("stats@example.org"));
        await service.Mailbox.WaitForAsync(m => m.Recipients.Contains("stats@example.org"), TimeSpan.FromSeconds(15));

        await ServiceFixture.EventuallyAsync(async () =>
        {
            var stats = await service.Admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/stats");
            var petition = stats!.Single(s => s.GetProperty("campaign").GetString() == TestCampaigns.Petition);
            return petition.GetProperty("signatures").GetProperty("pending").GetInt64() >= 1
                && petition.GetProperty("messages").GetProperty("sent").GetInt64() >= 1
                && petition.GetProperty("messages").EnumerateObject().Select(p => p.Name).SequenceEqual(MessageStatus.All); // bounced among them
        }, TimeSpan.FromSeconds(15), "stats show the pending signature and its sent confirmation");
    }

    [Fact]
    public async Task Messages_ListsEachMessageWithItsFields()
    {
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("listed@example.org"));
        var mail = TestMailbox.Parse(await service.Mailbox.WaitForAsync(m => m.Recipients.Contains("listed@example.org"), TimeSpan.FromSeconds(15)));

        JsonElement message = default;
        await ServiceFixture.EventuallyAsync(async () =>
        {
            message = (await service.MessagesAsync($"&campaign={TestCampaigns.Petition}")).FirstOrDefault(m => m.GetProperty("messageId").GetString() == mail.MessageId);
            return message.ValueKind == JsonValueKind.Object && message.GetProperty("status").GetString() == "sent";
        }, TimeSpan.FromSeconds(15), "the confirmation listed as sent");

        Assert.Equal("confirmation", message.GetProperty("kind").GetString());
        Assert.Equal("listed@example.org", message.GetProperty("to").GetString());
        Assert.Equal(1, message.GetProperty("attempts").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, message.GetProperty("sentAt").ValueKind);
        foreach (var field in new[] { "id", "campaign", "target", "lastError", "nextAttemptAt" })
            Assert.True(message.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Messages_BadStatusFilter_Answers400NamingIt()
    {
        var response = await service.Admin.GetAsync("/api/admin/messages?status=lost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Retry_SentMessage_IsRefusedWithProblem()
    {
        await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("retry-sent@example.org"));
        await service.Mailbox.WaitForAsync(m => m.Recipients.Contains("retry-sent@example.org"), TimeSpan.FromSeconds(15));
        long id = 0;
        await ServiceFixture.EventuallyAsync(async () =>
        {
            id = await service.QueryScalarAsync<long>($"select coalesce(max(id), 0) from messages where {service.ConfirmationsTo("retry-sent@example.org")} and status = 'sent'");
            return id > 0;
        }, TimeSpan.FromSeconds(15), "the message recorded as sent");

        var response = await service.Admin.PostAsync($"/api/admin/messages/{id}/retry", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("sent", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_UnknownMessage_Answers404()
    {
        var response = await service.Admin.PostAsync("/api/admin/messages/999999/retry", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PauseResume_UnknownCampaign_Answers404_KnownAnswers204()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await service.Admin.PostAsync("/api/admin/campaigns/nope/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await service.Admin.PostAsync($"/api/admin/campaigns/{TestCampaigns.Petition}/pause", null)).StatusCode);
        Assert.True(await service.QueryScalarAsync<bool>("select paused from campaigns where slug = @slug", new { slug = TestCampaigns.Petition }));
        Assert.Equal(HttpStatusCode.NoContent, (await service.Admin.PostAsync($"/api/admin/campaigns/{TestCampaigns.Petition}/resume", null)).StatusCode);
        Assert.False(await service.QueryScalarAsync<bool>("select paused from campaigns where slug = @slug", new { slug = TestCampaigns.Petition }));
    }

    [Fact]
    public async Task SignaturesCsv_ListsConfirmedSignaturesOnly()
    {
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("csv-confirmed@example.org", name: "=HYPERLINK(\"x\")"));
        await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("csv-pending@example.org"));
        var token = await service.ConfirmationTokenForAsync("csv-confirmed@example.org");
        await service.Client.PostAsJsonAsync("/api/confirmations", new { token });

        var csv = await service.Admin.GetStringAsync($"/api/admin/campaigns/{TestCampaigns.Letter}/signatures.csv");

        Assert.Contains("csv-confirmed@example.org", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("csv-pending@example.org", csv, StringComparison.Ordinal);
        // A spreadsheet must see the name as text, not as a formula.
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.StartsWith("Name,Email,Country", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminMail_WithKey_ListsCapturedMailOnlyInEmbeddedMode()
    {
        // This fixture uses a real relay, so nothing is captured by the service itself.
        var page = await service.Admin.GetAsync("/admin/mail");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Captured mail", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_NotAForm_Answers400NotAServerError()
    {
        var response = await service.Client.PostAsJsonAsync("/admin/login", new { key = ServiceFixture.AdminKey });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("campaign_admin", string.Join(";", response.Headers.Select(h => h.Key)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_RightKey_SetsAStrictHttpOnlySessionCookieThatOpensAdminPages()
    {
        using var handler = new HttpClientHandler { UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = service.BaseAddress };

        // The login form carries an antiforgery token, as every form does.
        var login = await browser.GetStringAsync("/admin/login");
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__af\" value=\"([^\"]+)\"").Groups[1].Value;
        var wrong = await browser.PostAsync("/admin/login", new FormUrlEncodedContent([new("key", "nope"), new("__af", token)]));
        var right = await browser.PostAsync("/admin/login", new FormUrlEncodedContent([new("key", ServiceFixture.AdminKey), new("__af", token)]));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // followed the redirect to the dashboard
        var cookie = handler.CookieContainer.GetCookies(service.BaseAddress).Single(c => c.Name == "campaign_admin");
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Expires > DateTime.Now);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/admin/stats")).StatusCode);
    }
}
