using System.Net;
using System.Net.Http.Json;
using Campaign.Tests.Infrastructure;
using MimeKit;

namespace Campaign.Tests.Updates;

/// <summary>
/// Updates to signers: sent once to every confirmed supporter who asked for them, in their language, with a
/// one-click way out that stops updates and nothing else; never to anyone who did not ask, was erased or
/// is suppressed; and shown on the campaign page.
/// </summary>
public sealed class UpdateTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(60);
    private const string Campaign = TestCampaigns.Petition;

    [Fact]
    public async Task Update_GoesOnceToEachSupporterWhoAskedForIt_InTheirLanguage_AndNoOneElse()
    {
        var korean = await service.SignAndConfirmAsync(Campaign, "upd-ko@example.org", updates: true, language: "ko");
        await service.SignAndConfirmAsync(Campaign, "upd-en@example.org", updates: true);
        await service.SignAndConfirmAsync(Campaign, "upd-none@example.org", updates: false);
        await service.SignDirectlyAsync(Campaign, "upd-pending@example.org", updates: true);
        var erased = await service.SignAndConfirmAsync(Campaign, "upd-erased@example.org", updates: true);
        await service.Admin.PostAsync($"/api/admin/supporters/erase", JsonContent.Create(new { email = "upd-erased@example.org" }));
        await service.SignAndConfirmAsync(Campaign, "upd-bounced@example.org", updates: true);
        await service.QueryScalarAsync<int>("""
            insert into suppressed_addresses (address_key, suppressed_at, reason, allows_requested) values (@key, now(), 'hard-bounce', false) returning 1
            """, new { key = service.AddressKey("upd-bounced@example.org") });

        await service.RestartAsync(dir => UpdateFile.Write(dir, Campaign, "ministry-answered", UpdateFile.Bilingual("The ministry answered", "외무부가 답했습니다")));
        await UpdateSentAsync("ministry-answered", 2);

        var toKorean = Assert.Single(UpdatesTo("upd-ko@example.org"));
        Assert.Equal("외무부가 답했습니다", toKorean.Subject);
        Assert.Contains("오늘 외무부가", toKorean.TextBody, StringComparison.Ordinal);
        Assert.Equal("The ministry answered", Assert.Single(UpdatesTo("upd-en@example.org")).Subject);
        foreach (var nobody in new[] { "upd-none", "upd-pending", "upd-erased", "upd-bounced" })
            Assert.Empty(UpdatesTo($"{nobody}@example.org"));
        // One-click unsubscribe as the mailbox providers require it (RFC 8058), and the supporter's address alone in To.
        Assert.StartsWith($"<{service.BaseAddress.ToString().TrimEnd('/')}/updates/stop/", toKorean.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", toKorean.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("upd-ko@example.org", Assert.Single(toKorean.To.Mailboxes).Address);
        Assert.Equal("", toKorean.To.Mailboxes.Single().Name);
        Assert.True(erased > 0 && korean > 0);
    }

    [Fact]
    public async Task OneClickUnsubscribe_StopsUpdatesOnly_TheSignatureStillCounts()
    {
        var id = await service.SignAndConfirmAsync(Campaign, "upd-stop@example.org", updates: true);
        await service.RestartAsync(dir => UpdateFile.Write(dir, Campaign, "first-news", UpdateFile.Bilingual("First news", "첫 소식")));
        await UpdateSentAsync("first-news", expectedAtLeast: 1);
        var first = Assert.Single(UpdatesTo("upd-stop@example.org"), m => m.Subject == "First news");
        var stop = first.Headers["List-Unsubscribe"]!.Trim('<', '>');

        // What a mail client sends for one click, with no page in between.
        var answer = await service.Client.PostAsync(stop, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("confirmed", await service.QueryScalarAsync<string>("select status from signatures where id = @id", new { id }));
        await service.RestartAsync(dir => UpdateFile.Write(dir, Campaign, "second-news", UpdateFile.Bilingual("Second news", "두 번째 소식")));
        await UpdateSentAsync("second-news", expectedAtLeast: 0);
        Assert.DoesNotContain(UpdatesTo("upd-stop@example.org"), m => m.Subject == "Second news");
        var forged = await service.Client.PostAsync("/updates/stop/not-a-token", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Theory]
    [InlineData("en", "Page news")]
    [InlineData("ko", "페이지 소식")]
    public async Task CampaignPage_ShowsTheUpdatesWhoseMomentHasCome(string language, string title)
    {
        await service.RestartAsync(dir =>
        {
            UpdateFile.Write(dir, Campaign, "page-news", UpdateFile.Bilingual("Page news", "페이지 소식"));
            UpdateFile.Write(dir, Campaign, "not-yet", UpdateFile.Bilingual("Future news", "미래 소식").Replace("2026-01-01", "2099-01-01", StringComparison.Ordinal));
        });

        var page = await service.Client.GetStringAsync($"/c/{Campaign}?lang={language}");

        Assert.Contains(title, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Future news", page, StringComparison.Ordinal);
        Assert.DoesNotContain("미래 소식", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignForm_OffersUpdates_OffByDefault_AndTheChoiceIsKept()
    {
        var page = await service.Client.GetStringAsync($"/c/{Campaign}?lang=ko");
        Assert.Contains("name=\"updates\"", page, StringComparison.Ordinal);
        Assert.Contains("이 캠페인 소식을 이메일로 받겠습니다", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"updates\" type=\"checkbox\" value=\"true\" checked", page, StringComparison.Ordinal);

        var signed = await service.SignAsync(Campaign, new { name = "Form Choice", email = "upd-form@example.org", country = "KR", consent = true, updates = true });
        var silent = await service.SignAsync(Campaign, new { name = "Form Silent", email = "upd-silent@example.org", country = "KR", consent = true });

        Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, silent.StatusCode);
        Assert.True(await service.QueryScalarAsync<bool>("select updates from signatures where email_key = @key", new { key = service.AddressKey("upd-form@example.org") }));
        Assert.False(await service.QueryScalarAsync<bool>("select updates from signatures where email_key = @key", new { key = service.AddressKey("upd-silent@example.org") }));
    }

    private IEnumerable<MimeMessage> UpdatesTo(string email) => service.Mailbox.Received
        .Where(m => m.Recipients.Contains(email, StringComparer.OrdinalIgnoreCase))
        .Select(TestMailbox.Parse)
        .Where(m => m.Headers["List-Id"]?.Contains(".updates.", StringComparison.Ordinal) == true);

    /// <summary>Waits until the update's fan-out is finished and every message it queued has been sent or held.</summary>
    private async Task UpdateSentAsync(string update, int expectedAtLeast) =>
        await ServiceFixture.EventuallyAsync(async () =>
            await service.QueryScalarAsync<bool>("""
                select coalesce((select finished_at is not null and recipients >= @expectedAtLeast from campaign_updates where campaign = @campaign and update_id = @update), false)
                   and not exists (select from messages where dedupe_key like 'update:' || @campaign || ':' || @update || ':%' and status in ('queued', 'deferred', 'sending'))
                """, new { campaign = Campaign, update, expectedAtLeast }), Soon, $"update {update} sent");
}
