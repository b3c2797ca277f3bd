using Campaign.Service.Embedded;

namespace Campaign.Tests.Infrastructure;

/// <summary>A verb run as an operator types it: its own process (<c>dotnet Campaign.Service.dll erase ...</c>), its printed lines and exit code.</summary>
public static class ServiceCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(ServiceFixture service, params string[] words)
    {
        var result = await ToolRunner.RunAsync("dotnet", [
            WorkerProcess.ServiceDll, .. words,
            $"--ConnectionStrings:Campaign={service.ConnectionString}",
            $"--Campaigns:Directory={service.CampaignsDirectory}",
            $"--Data:Directory={Path.GetTempPath()}",
            $"--Privacy:DataKey={service.DataKey}",
        ], CancellationToken.None);
        return (result.ExitCode, result.Output);
    }
}
