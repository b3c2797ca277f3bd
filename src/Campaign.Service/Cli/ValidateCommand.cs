using Campaign.Core.Campaigns;
using Campaign.Service.Hosting;

namespace Campaign.Service.Cli;

/// <summary><c>validate [dir]</c>: every problem of every campaign file as <c>file:line: message</c>.</summary>
public static class ValidateCommand
{
    public static int Run(CommandLine command)
    {
        var directory = command.Positional().FirstOrDefault() ?? Path.Combine(RepositoryRoot.Find(), "campaigns");
        var result = CampaignFiles.LoadDirectory(directory);
        foreach (var problem in result.Problems) Console.WriteLine(problem);
        if (!result.IsValid)
        {
            Console.Error.WriteLine($"{result.Problems.Count} problem(s) in {directory}");
            return 1;
        }
        Console.WriteLine($"{result.Campaigns.Count} campaign file(s) in {directory} are valid: {string.Join(", ", result.Campaigns.Select(c => c.Slug))}");
        return 0;
    }
}
