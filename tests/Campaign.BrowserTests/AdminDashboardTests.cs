using System.Net.Http.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.BrowserTests;

/// <summary>
/// The admin in a browser: the dashboard follows signatures, a failed message is retried, a failing target is
/// cleared, strangers see nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminDashboardTests(BrowserFixture browser)
{
    private const string ConfirmedCell = $"tr[data-campaign='{TestCampaigns.Letter}'] td[data-signatures='confirmed']";

    [Fact]
    public async Task Admin_SeesTheCountRise_RetriesAFailedMessage_AndSeesItSent()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await AdminSession.LogInAsync(page);
        var before = int.Parse(await page.InnerTextAsync(ConfirmedCell), System.Globalization.CultureInfo.InvariantCulture);

        await browser.Service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer("rising@example.org"));
        var token = await browser.Service.ConfirmationTokenForAsync("rising@example.org");
        await browser.Service.Client.PostAsJsonAsync("/api/confirmations", new { token });
        await page.ReloadAsync();
        Assert.Equal(before + 1, int.Parse(await page.InnerTextAsync(ConfirmedCell), System.Globalization.CultureInfo.InvariantCulture));

        // A relay's permanent refusal, as the dispatcher records it.
        var id = await browser.Service.QueryScalarAsync<long>($"""
            update messages set status = 'failed', attempts = 1, last_error = '550 5.1.1 mailbox unavailable'
            where id = (select m.id from messages m join signatures s on s.id = m.signature_id
                        where s.email_key = '{browser.Service.AddressKey("rising@example.org")}' and m.kind = 'confirmation') returning id
            """);
        await page.ReloadAsync();
        var row = page.Locator($"tr[data-message='{id}']");
        Assert.Contains("550 5.1.1 mailbox unavailable", await row.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "admin-dashboard.png");

        await row.Locator("button:has-text('Retry')").ClickAsync();
        Assert.Contains("1 message(s) queued", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        await ServiceFixture.EventuallyAsync(async () =>
            await browser.Service.QueryScalarAsync<string>("select status from messages where id = @id", new { id }) == "sent",
            TimeSpan.FromSeconds(20), "the retried message sent");
        await page.ReloadAsync();
        Assert.Equal(0, await page.Locator($"tr[data-message='{id}']").CountAsync());

        await page.GotoAsync($"/admin/c/{TestCampaigns.Letter}");
        // Signatures and messages per day, and the confirm rate (signed against confirmed) per day.
        Assert.Equal(3, await page.Locator("svg.chart").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("document.querySelector('img[src*=\"/qr.svg\"]').naturalWidth > 0"), "the poster QR code loaded");
        await BrowserFixture.ScreenshotAsync(page, "admin-campaign.png");
    }

    [Fact]
    public async Task Admin_SeesABouncedLetterAndItsFailingTarget_ClearsTheFlag_AndTheHeldLetterGoes()
    {
        var service = browser.Service;
        var first = await service.SignAndConfirmAsync(TestCampaigns.Letter, "bounced-writer@example.org");
        await LetterToFirstAsync(first, "sent");
        // A hard bounce as the inbound mailbox records it (BounceTests read real ones): the letter bounced,
        // its target flagged, and the next supporter's letter to it held.
        var bounced = await service.QueryScalarAsync<long>("""
            update messages set status = 'bounced', last_error = 'bounced: 5.1.1 550 5.1.1 mailbox gone'
            where signature_id = @first and target_id = 'first' returning id
            """, new { first });
        await service.QueryScalarAsync<int>("""
            insert into failing_targets (campaign, target_id, address, reason, since)
            values (@campaign, 'first', @address, '5.1.1 550 5.1.1 mailbox gone', now()) returning 1
            """, new { campaign = TestCampaigns.Letter, address = TestCampaigns.FirstTargetEmail });
        var held = await service.SignAndConfirmAsync(TestCampaigns.Letter, "held-writer@example.org");
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<string>(
            "select status from messages where signature_id = @held and target_id = 'second'", new { held }) == "sent",
            TimeSpan.FromSeconds(20), "the letter to the working target sent");

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await AdminSession.LogInAsync(page);
        var bouncedRow = page.Locator($"tr[data-message='{bounced}']");
        Assert.Contains("5.1.1 550 5.1.1 mailbox gone", await bouncedRow.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await bouncedRow.Locator("button").CountAsync()); // its address is suppressed: nothing to retry
        var flag = page.Locator($"tr[data-failing-target='{TestCampaigns.Letter}/first']");
        Assert.Contains(TestCampaigns.FirstTargetEmail, await flag.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("queued", await service.QueryScalarAsync<string>(
            "select status from messages where signature_id = @held and target_id = 'first'", new { held }));
        await BrowserFixture.ScreenshotAsync(page, "admin-failing-target.png");

        await flag.Locator("button:has-text('Clear')").ClickAsync();

        Assert.Contains("Flag cleared", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"tr[data-failing-target='{TestCampaigns.Letter}/first']").CountAsync());
        await LetterToFirstAsync(held, "sent");
    }

    private Task LetterToFirstAsync(long signature, string status) => ServiceFixture.EventuallyAsync(async () =>
        await browser.Service.QueryScalarAsync<string>("select status from messages where signature_id = @signature and target_id = 'first'",
            new { signature }) == status, TimeSpan.FromSeconds(20), $"the letter to the first target {status}");

    [Fact]
    public async Task Stranger_WithoutTheCookie_GetsNoAdminDataAndNoHangfire()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var admin = await page.GotoAsync("/admin");
        Assert.Equal(401, admin!.Status);
        Assert.DoesNotContain(TestCampaigns.Letter, await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "admin-refused.png");

        var hangfire = await page.GotoAsync("/hangfire");
        Assert.Contains(hangfire!.Status, new[] { 401, 403 });
        Assert.DoesNotContain("Hangfire Dashboard", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
