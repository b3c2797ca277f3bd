using Campaign.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Campaign.BrowserTests;

/// <summary>
/// A whole service (real Kestrel, database and SMTP) and one headless Debian Chromium for a test class.
/// Playwright drives the system's Chromium: no browser download, ever.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] Executables = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    private IPlaywright? playwright;

    public BrowserFixture() : this(new ServiceFixture())
    {
    }

    /// <param name="service">A service with settings of its own, for a test class that needs them.</param>
    protected BrowserFixture(ServiceFixture service) => Service = service;

    public ServiceFixture Service { get; }
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

    /// <summary>A fresh browser profile (no cookies), optionally phone-sized, in a language, without script.</summary>
    public Task<IBrowserContext> NewContextAsync(string locale = "en-US", int width = 1280, int height = 900, bool javaScript = true) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Service.BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
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
