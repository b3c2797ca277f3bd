using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Core.Outbox;
using Campaign.Core.Webhooks;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Webhooks;

/// <summary>
/// Signed webhooks, end to end: events written with what made them, posted to a real receiver that checks
/// every signature, retried with backoff when it fails, delivered once per event, and visible to admins.
/// </summary>
public sealed class WebhookTests(WebhookService service) : IClassFixture<WebhookService>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    private WebhookReceiver Receiver => service.Receiver;

    [Fact]
    public async Task Events_ToAReceiverThatFailsAtFirst_AreRetriedSignedAndAcceptedOnceEach()
    {
        await service.SignAndConfirmAsync(TestCampaigns.Letter, "hook-alpha@example.org", "Hook Alpha", "KR");

        // The confirmation, and a delivery.accepted per target once the relay takes the letters.
        await ServiceFixture.EventuallyAsync(() => Task.FromResult(Accepted("flaky").Count(r => Of(r, "delivery.accepted", TestCampaigns.Letter)) >= 2
            && Accepted("flaky").Any(r => Of(r, "signature.confirmed", TestCampaigns.Letter))), Soon, "the letter campaign's events at the receiver");

        var flaky = Receiver.At("flaky");
        Assert.All(Receiver.All, r => Assert.True(r.Verified, $"the signature of {r.Id} checks out"));
        // The receiver failed its first two requests: each of those events came again and was accepted once.
        Assert.All(flaky.Take(2), r => Assert.Equal(500, r.Answered));
        foreach (var failed in flaky.Take(2)) Assert.Single(flaky, r => r.Id == failed.Id && r.Answered == 204);
        // No event is posted again once accepted.
        Assert.All(flaky.Where(r => r.Answered == 204).GroupBy(r => r.Id), g => Assert.Single(g));

        var confirmed = Data(Accepted("flaky").First(r => Of(r, "signature.confirmed", TestCampaigns.Letter)));
        Assert.Equal("KR", confirmed.GetProperty("country").GetString());
        Assert.True(confirmed.GetProperty("confirmed").GetInt64() >= 1);
        Assert.False(confirmed.TryGetProperty("email", out _));
        Assert.DoesNotContain(flaky, r => r.Body.Contains("hook-alpha", StringComparison.OrdinalIgnoreCase) || r.Body.Contains("Hook Alpha", StringComparison.Ordinal));

        // A delivery.accepted carries the ledger entry's hash, so a receiver can match it against an export.
        var ledger = await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/campaigns/{TestCampaigns.Letter}/ledger");
        foreach (var accepted in Accepted("flaky").Where(r => Of(r, "delivery.accepted", TestCampaigns.Letter)).Select(Data))
        {
            var entry = Assert.Single(ledger!, e => e.GetProperty("message_id").GetString() == accepted.GetProperty("message_id").GetString());
            Assert.Equal(entry.GetProperty("entry_hash").GetString(), accepted.GetProperty("entry_hash").GetString());
            Assert.Equal(entry.GetProperty("body_sha256").GetString(), accepted.GetProperty("body_sha256").GetString());
        }

        // Admins see each attempt: the refused one with the receiver's 500, then the accepted one.
        var deliveries = await service.Admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/webhooks?endpoint=flaky&limit=500");
        var first = Assert.Single(deliveries!, d => $"msg_{d.GetProperty("eventId").GetInt64()}" == flaky[0].Id);
        Assert.Equal("delivered", first.GetProperty("status").GetString());
        var codes = first.GetProperty("history").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()).ToList();
        Assert.Equal(500, codes[0]);
        Assert.Equal(204, codes[^1]);
    }

    [Fact]
    public async Task PersonalData_GoesOnlyToTheEndpointAllowedIt_AndOnlyForSignersWhoChoseToShare()
    {
        await service.SignAndConfirmAsync(TestCampaigns.Petition, "hook-share@example.org", "Hook Share", "TH", share: true);
        await service.SignAndConfirmAsync(TestCampaigns.Petition, "hook-private@example.org", "Hook Private", "VN", share: false);

        await ServiceFixture.EventuallyAsync(() => Task.FromResult(Confirmations("crm").Count(d => d.GetProperty("country").GetString() is "TH" or "VN") == 2
            && Confirmations("flaky").Count(d => d.GetProperty("country").GetString() is "TH" or "VN") == 2), Soon, "both confirmations at both endpoints");

        var shared = Assert.Single(Confirmations("crm"), d => d.GetProperty("country").GetString() == "TH");
        Assert.Equal("Hook Share", shared.GetProperty("name").GetString());
        Assert.Equal("hook-share@example.org", shared.GetProperty("email").GetString());
        var kept = Assert.Single(Confirmations("crm"), d => d.GetProperty("country").GetString() == "VN");
        Assert.False(kept.TryGetProperty("name", out _));
        Assert.False(kept.TryGetProperty("email", out _));
        Assert.DoesNotContain(Receiver.At("flaky"), r => r.Body.Contains("hook-share", StringComparison.Ordinal) || r.Body.Contains("Hook Share", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delivery_ThatKeepsFailing_IsFailedAfterRetryFor_AndRetriedByHandOnce()
    {
        Receiver.Break("broken");
        for (var i = 0; i < 10; i++) await service.SignAndConfirmAsync(TestCampaigns.Milestone, $"hook-m{i}@example.org", $"Hook M{i}", "KR");

        var failed = await DeliveryAsync("broken", d => d.GetProperty("status").GetString() == "failed", "the broken endpoint's milestone to fail");
        var history = failed.GetProperty("history").EnumerateArray().ToList();
        Assert.True(history.Count >= 2, "it was retried before giving up");
        Assert.All(history, a => Assert.Equal(500, a.GetProperty("statusCode").GetInt32()));
        var id = failed.GetProperty("id").GetInt64();
        // The dashboard lists it, with its attempts and a Retry button.
        var dashboard = await service.Admin.GetStringAsync("/admin");
        var row = dashboard[dashboard.IndexOf($"<tr data-webhook=\"{id}\">", StringComparison.Ordinal)..];
        Assert.Contains("answered 500", row[..row.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Contains($"action=\"/admin/webhooks/{id}/retry\"", row[..row.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);

        Receiver.Recover("broken");
        var retry = await service.Admin.PostAsync($"/api/admin/webhooks/{id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await DeliveryAsync("broken", d => d.GetProperty("id").GetInt64() == id && d.GetProperty("status").GetString() == "delivered", "the retried delivery");

        var webhookId = $"msg_{failed.GetProperty("eventId").GetInt64()}";
        var posts = Receiver.At("broken").Where(r => r.Id == webhookId).ToList();
        Assert.Single(posts, r => r.Answered == 204);
        Assert.Equal(10, JsonDocument.Parse(posts[^1].Body).RootElement.GetProperty("data").GetProperty("milestone").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await service.Admin.PostAsync($"/api/admin/webhooks/{id}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Admin.PostAsync("/api/admin/webhooks/999999999/retry", null)).StatusCode);
    }

    [Fact]
    public async Task AFailureRecorded_IsAnnounced_InTheSameTransaction_AndAnOutcomeNotOursIsNot()
    {
        var outbox = service.Service.Services.GetRequiredService<OutboxStore>();
        var failing = await ClaimedLetterAsync("hook-failed");
        var stale = await ClaimedLetterAsync("hook-stale");
        await using (var log = await outbox.OpenOutcomeLogAsync(CancellationToken.None))
        {
            await log.RecordAsync(failing, MessageStatus.Failed, DateTimeOffset.UtcNow, "550 5.7.1 refused by policy", null);
            // A claim taken over by another worker since (one more attempt): its outcome is not ours to record or announce.
            await log.RecordAsync(stale with { Attempts = stale.Attempts - 1 }, MessageStatus.Failed, DateTimeOffset.UtcNow, "too late", null);
        }

        await ServiceFixture.EventuallyAsync(() => Task.FromResult(Failures().Any(d => d.GetProperty("message").GetInt64() == failing.Id)), Soon, "the failure at the receiver");
        var failure = Failures().Single(d => d.GetProperty("message").GetInt64() == failing.Id);
        Assert.Equal("letter", failure.GetProperty("kind").GetString());
        Assert.Equal("first", failure.GetProperty("target").GetString());
        Assert.Equal("550 5.7.1 refused by policy", failure.GetProperty("error").GetString());
        Assert.Equal("failed", await service.QueryScalarAsync<string>("select status from messages where id = @Id", failing));
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from webhook_events where type = 'message.failed' and (payload->>'message')::bigint = @Id", stale));
    }

    [Fact]
    public async Task EndedDeliveries_OlderThanKeepFor_AreForgotten_WaitingOnesAndRecentOnesKept()
    {
        var ids = await service.QueryScalarAsync<long[]>("""
            with events as (
                insert into webhook_events (type, campaign, payload, created_at)
                values ('milestone.reached', 'old', '{}', now() - interval '40 days'),
                       ('milestone.reached', 'old', '{}', now() - interval '40 days'),
                       ('milestone.reached', 'recent', '{}', now() - interval '1 day')
                returning id, campaign),
            deliveries as (
                insert into webhook_deliveries (event, endpoint, status, attempts, next_attempt_at, give_up_at)
                -- An endpoint of no receiver, and the waiting one due tomorrow: the sender leaves them all alone.
                select id, 'retention-test', case when row_number() over (order by id) = 2 then 'pending' else 'delivered' end, 1,
                       now() + interval '1 day', now() + interval '2 days' from events
                returning id)
            select array_agg(id order by id) from deliveries
            """);
        await service.QueryScalarAsync<int>("insert into webhook_attempts (delivery, attempt, started_at, duration_ms, status_code) select unnest(@ids), 1, now(), 3, 204 returning 1", new { ids });

        var forgotten = await service.Service.Services.GetRequiredService<WebhookRetention>().PruneAsync(CancellationToken.None);

        Assert.True(forgotten >= 1);
        var left = await service.QueryScalarAsync<long[]>("select coalesce(array_agg(id order by id), '{}') from webhook_deliveries where id = any(@ids)", new { ids });
        Assert.Equal([ids[1], ids[2]], left); // the old one still waiting, and the recent one
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from webhook_attempts where delivery = @id", new { id = ids[0] }));
    }

    [Theory]
    [InlineData("status=lost", "status")]
    [InlineData("limit=0", "limit")]
    public async Task DeliveryList_BadQuery_Is400NamingTheField(string query, string field)
    {
        var response = await service.Admin.GetAsync($"/api/admin/webhooks?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    private IEnumerable<JsonElement> Failures() => Accepted("flaky")
        .Where(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString() == "message.failed").Select(Data);

    /// <summary>A letter to the first target as a dispatcher holds it mid-send: claimed, attempt 1, leased.</summary>
    private async Task<OutboxMessage> ClaimedLetterAsync(string key)
    {
        var id = await service.QueryScalarAsync<long>("""
            with k as (insert into message_keys (dedupe_key) values (@key) returning dedupe_key)
            insert into messages (message_id, dedupe_key, campaign, kind, target_id, to_address, language, status, attempts, lease_until)
            select @messageId, dedupe_key, @campaign, 'letter', 'first', @address, 'en', 'sending', 1, now() + interval '5 minutes' from k
            returning id
            """, new { key, messageId = $"{key}@campaign.example", campaign = TestCampaigns.Letter, address = TestCampaigns.FirstTargetEmail });
        return new OutboxMessage(id, $"{key}@campaign.example", TestCampaigns.Letter, "letter", null, "first", TestCampaigns.FirstTargetEmail, "en", "sending", 1, DateTime.UtcNow);
    }

    private IEnumerable<WebhookReceiver.Received> Accepted(string path) => Receiver.At(path).Where(r => r.Answered == 204);

    private IEnumerable<JsonElement> Confirmations(string path) =>
        Accepted(path).Where(r => Of(r, "signature.confirmed", TestCampaigns.Petition)).Select(Data);

    private static bool Of(WebhookReceiver.Received request, string type, string campaign)
    {
        var root = JsonDocument.Parse(request.Body).RootElement;
        return root.GetProperty("type").GetString() == type && root.GetProperty("data").GetProperty("campaign").GetString() == campaign;
    }

    private static JsonElement Data(WebhookReceiver.Received request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("data").Clone();

    private async Task<JsonElement> DeliveryAsync(string endpoint, Func<JsonElement, bool> wanted, string what)
    {
        JsonElement found = default;
        await ServiceFixture.EventuallyAsync(async () =>
        {
            var list = await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/webhooks?endpoint={endpoint}&limit=500");
            found = list!.FirstOrDefault(wanted);
            return found.ValueKind == JsonValueKind.Object;
        }, Soon, what);
        return found;
    }
}
