using System.Diagnostics;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Hosting;

/// <summary>Relative paths on the command line mean what the user's shell means: the folder the command was typed in.</summary>
public sealed class CommandLineTests
{
    private const string Caller = "/home/ana/work";

    [Fact]
    public void Parse_RelativeFolderSettings_AreResolvedAgainstTheCallersFolder()
    {
        var command = CommandLine.Parse(["serve", "--Campaigns:Directory=mine", "--data:directory", "../state"], Caller);

        Assert.Equal(["--Campaigns:Directory=/home/ana/work/mine", "--data:directory", "/home/ana/state"], command.Settings);
    }

    [Fact]
    public void Parse_AbsoluteFolderAndOtherSettings_AreLeftAsTyped()
    {
        var command = CommandLine.Parse(["serve", "--Campaigns:Directory=/srv/campaigns", "--Smtp:Host=relay", "--role", "web", "--Data:Directory="], Caller);

        Assert.Equal(["--Campaigns:Directory=/srv/campaigns", "--Smtp:Host=relay", "--role", "web", "--Data:Directory="], command.Settings);
    }

    [Fact]
    public async Task DotnetRun_ValidateRelativeDirectory_ChecksTheFolderUnderTheCallersFolder()
    {
        using var caller = CallerWithCampaigns();

        var (exit, output) = await DotnetRunAsync(caller.Path, "validate", "mine");

        Assert.True(exit == 0, output);
        Assert.Contains("campaign file(s) in mine are valid: laos-let-them-pass", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DotnetRun_RelativeCampaignsDirectorySetting_IsReadFromTheCallersFolder()
    {
        using var caller = CallerWithCampaigns();

        var (exit, output) = await DotnetRunAsync(caller.Path, "preview", "laos-let-them-pass", "--Campaigns:Directory=mine");

        Assert.True(exit == 0, output);
        Assert.Contains("Subject:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_LetterCampaign_PrintsTheLetterWithAndWithoutShareEachAfterALineSayingWhich()
    {
        using var caller = CallerWithCampaigns();

        var (exit, output) = await DotnetRunAsync(caller.Path, "preview", "laos-let-them-pass", "--Campaigns:Directory=mine");

        Assert.True(exit == 0, output);
        var shared = output.IndexOf(Campaign.Service.Cli.PreviewCommand.SharedHeading, StringComparison.Ordinal);
        var anonymous = output.IndexOf(Campaign.Service.Cli.PreviewCommand.AnonymousHeading, StringComparison.Ordinal);
        Assert.True(shared >= 0 && anonymous > shared, output);
        Assert.Contains("Sample Supporter, KR", output[shared..anonymous], StringComparison.Ordinal);
        Assert.DoesNotContain("Sample Supporter", output[anonymous..], StringComparison.Ordinal);
        Assert.Contains("A supporter of this campaign", output[anonymous..], StringComparison.Ordinal);
        Assert.Equal(2, output.Split("\nSubject:").Length - 1);
    }

    /// <summary>A folder holding <c>mine/</c> with one of the shipped campaign files, far from the repository.</summary>
    private static TempDirectory CallerWithCampaigns()
    {
        var caller = new TempDirectory("caller");
        var mine = Directory.CreateDirectory(Path.Combine(caller.Path, "mine")).FullName;
        File.Copy(Path.Combine(RepositoryRoot.Find(), "campaigns", "laos-let-them-pass.yaml"), Path.Combine(mine, "laos-let-them-pass.yaml"));
        return caller;
    }

    /// <summary><c>dotnet run --project …/Campaign.Service -- args</c>, typed in <paramref name="workingDirectory"/>.</summary>
    private static async Task<(int Exit, string Output)> DotnetRunAsync(string workingDirectory, params string[] args)
    {
        // Built by the same solution build as the tests, in the same configuration.
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--no-build", "-c", configuration, "--project", Path.Combine(RepositoryRoot.Find(), "src", "Campaign.Service"), "--" }.Concat(args))
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
