using System.Net.Http.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.BrowserTests;

/// <summary>The admin in a browser: the dashboard follows signatures, a failed message is retried, strangers see nothing.</summary>
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
        Assert.Equal(2, await page.Locator("svg.chart").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "admin-campaign.png");
    }

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
