using System.Net;
using Campaign.Service.Cli;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Privacy;

/// <summary>Without <c>Privacy:DataKey</c>: a key generated once into the data directory, owner-only, and rotated in place.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GeneratedDataKeyTests(GeneratedDataKeyTests.Fixture service) : IClassFixture<GeneratedDataKeyTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        protected override bool GeneratedDataKey => true;
    }

    [Fact]
    public async Task NoDataKeySet_OneIsGeneratedOwnerOnly_KeptAcrossRestarts_AndRotatedInPlace()
    {
        var file = DataKeys.FileIn(service.DataDirectory);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(file)).Length);
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Petition, ServiceFixture.Signer("kept@example.org", "Kept Name"))).StatusCode);
        var id = await service.QueryScalarAsync<long>("select id from signatures where email_key = @key", new { key = service.AddressKey("kept@example.org") });
        var first = File.ReadAllText(file);

        await service.RestartAsync(_ => { });
        Assert.Equal(first, File.ReadAllText(file));
        Assert.Equal("Kept Name", (await service.SupporterAsync(id))!.Name);

        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await RotateKeyCommand.RunAsync(CommandLine.Parse(["rotate-key", $"--ConnectionStrings:Campaign={service.ConnectionString}",
            $"--Data:Directory={service.DataDirectory}"]), output, errors, CancellationToken.None);

        Assert.True(exit == 0, errors.ToString());
        Assert.NotEqual(first, File.ReadAllText(file));
        Assert.False(File.Exists(DataKeys.NextFileIn(service.DataDirectory)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        await service.RestartAsync(_ => { });
        Assert.Equal("Kept Name", (await service.SupporterAsync(id))!.Name);
    }
}
