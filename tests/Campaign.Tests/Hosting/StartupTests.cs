using Campaign.Service.Cli;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Campaign.Tests.Hosting;

/// <summary>Bad settings and bad campaign files stop the service at start-up, with a message that names them.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("Delivery:Mode", "Loud", "Delivery")]
    [InlineData("Smtp:Port", "70000", "Smtp:Port")]
    [InlineData("Mail:From", "not an address", "Mail:From")]
    [InlineData("Mail:ReplyTo", "not an address", "Mail:ReplyTo")]
    [InlineData("role", "cook", "--role")]
    [InlineData("Privacy:MinCountryCount", "0", "Privacy:MinCountryCount")]
    public void Read_BadSetting_NamesTheKey(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<StartupException>(() => ServiceSettings.Read(configuration, "/tmp"));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidCampaignFile_RefusesWithFileAndLine()
    {
        using var campaigns = new TempDirectory("bad-campaigns");
        File.WriteAllText(Path.Combine(campaigns.Path, "broken.yaml"), "slug: broken\nkind: letter\ntitel: x\n");

        var error = await Assert.ThrowsAsync<StartupException>(() => ServiceInstance.StartAsync([$"--Campaigns:Directory={campaigns.Path}"]));

        Assert.Contains($"{Path.Combine(campaigns.Path, "broken.yaml")}:3: unknown key 'titel'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BrokenDirectory_PrintsFileLineAndExitsNonZero()
    {
        using var campaigns = new TempDirectory("validate");
        File.WriteAllText(Path.Combine(campaigns.Path, "oops.yaml"), "slug: other\nkind: letter\n");
        var output = new StringWriter();
        var original = Console.Out;
        int exit;
        try
        {
            Console.SetOut(output);
            exit = ValidateCommand.Run(CommandLine.Parse(["validate", campaigns.Path]));
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(1, exit);
        Assert.Contains($"{Path.Combine(campaigns.Path, "oops.yaml")}:1: slug: 'other' does not match the file name 'oops'", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_VerbWordsAndSettings_AreSeparated()
    {
        var command = CommandLine.Parse(["preview", "laos-let-them-pass", "--target", "lao-mfa", "--lang", "ko", "--Delivery:Mode=Live", "--role", "web"]);

        Assert.Equal("preview", command.Verb);
        Assert.Equal(["laos-let-them-pass"], command.Positional().ToArray());
        Assert.Equal("lao-mfa", command.Option("--target"));
        Assert.Equal("ko", command.Option("--lang"));
        Assert.Equal(["--Delivery:Mode=Live", "--role", "web"], command.Settings);
    }
}
