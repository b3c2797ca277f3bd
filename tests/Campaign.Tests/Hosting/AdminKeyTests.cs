using Campaign.Service.Cli;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Hosting;

/// <summary>The admin key reaches the console once: the start that generated it.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AdminKeyTests
{
    [Fact]
    public async Task Serve_GeneratedKey_IsShownOnTheFirstStartOnlyThenWhereItIsKept()
    {
        using var campaigns = new TempDirectory("admin-key-campaigns");
        using var data = new TempDirectory("admin-key-data");
        TestCampaigns.WriteAll(campaigns.Path);
        var connectionString = await TestDatabase.CreateDatabaseAsync(nameof(AdminKeyTests));
        string[] settings = ["--urls=http://127.0.0.1:0", $"--ConnectionStrings:Campaign={connectionString}", "--Smtp:Host=127.0.0.1",
            $"--Campaigns:Directory={campaigns.Path}", $"--Data:Directory={data.Path}", "--Logging:LogLevel:Default=Warning"];

        string first, second, key;
        await using (var service = await ServiceInstance.StartAsync(settings))
        {
            first = ServeCommand.AdminLine(service);
            key = service.AdminKey;
        }
        await using (var service = await ServiceInstance.StartAsync(settings))
        {
            Assert.Equal(key, service.AdminKey);
            second = ServeCommand.AdminLine(service);
        }

        Assert.Contains(key, first, StringComparison.Ordinal);
        Assert.DoesNotContain(key, second, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(data.Path, "admin-key"), second, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data.Path, "admin-key")));
    }

    [Fact]
    public async Task Serve_ConfiguredKey_IsNeverShown()
    {
        using var campaigns = new TempDirectory("admin-key-campaigns");
        using var data = new TempDirectory("admin-key-data");
        TestCampaigns.WriteAll(campaigns.Path);
        var connectionString = await TestDatabase.CreateDatabaseAsync(nameof(AdminKeyTests));
        const string configured = "configured-admin-key-5f1e2d3c4b5a";

        await using var service = await ServiceInstance.StartAsync(["--urls=http://127.0.0.1:0", $"--ConnectionStrings:Campaign={connectionString}",
            "--Smtp:Host=127.0.0.1", $"--Campaigns:Directory={campaigns.Path}", $"--Data:Directory={data.Path}", $"--Admin:ApiKey={configured}",
            "--Logging:LogLevel:Default=Warning"]);

        var line = ServeCommand.AdminLine(service);
        Assert.DoesNotContain(configured, line, StringComparison.Ordinal);
        Assert.Contains("Admin:ApiKey", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data.Path, "admin-key")));
    }
}
