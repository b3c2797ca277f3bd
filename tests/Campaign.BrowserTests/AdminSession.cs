using Campaign.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Campaign.BrowserTests;

/// <summary>Logs a page in through the admin login form, as an admin would.</summary>
public static class AdminSession
{
    public static async Task LogInAsync(IPage page)
    {
        await page.GotoAsync("/admin/login");
        await page.FillAsync("#key", ServiceFixture.AdminKey);
        await page.ClickAsync("form button[type=submit]");
        Assert.Equal("Campaigns", await page.InnerTextAsync("h1"));
    }
}
