using Campaign.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Campaign.BrowserTests;

/// <summary>
/// A whole service (real Kestrel, database and SMTP) and one headless Debian Chromium for a test class.
/// Playwright drives the system's Chromium: no browser download, ever.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] Executables = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    private IPlaywright? playwright;

    public ServiceFixture Service { get; } = new();
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where each test leaves its screenshots (bin/.../screenshots).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var executable = Executables.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "Chromium is not installed. Install it with `apt-get install -y chromium fonts-noto-cjk fonts-lao` (the browser tests use Debian's Chromium).");
        Directory.CreateDirectory(ScreenshotDirectory);
        await Service.InitializeAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser profile (no cookies), optionally phone-sized and in a language.</summary>
    public Task<IBrowserContext> NewContextAsync(string locale = "en-US", int width = 1280, int height = 900) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Service.BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await Service.DisposeAsync();
    }
}
