using Campaign.Service.Embedded;
using Campaign.Service.Hosting;

namespace Campaign.Service.Cli;

/// <summary><c>serve</c>: runs the service until Ctrl+C, then stops the embedded parts cleanly.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(CommandLine command)
    {
        ServiceInstance instance;
        try
        {
            instance = await ServiceInstance.StartAsync(command.Settings);
        }
        catch (Exception e) when (e is StartupException or PostgresNotInstalledException)
        {
            Console.Error.WriteLine($"campaign: {e.Message}");
            return 1;
        }

        await using (instance)
        {
            if (instance.Settings.Role.ServesHttp())
            {
                var url = instance.BaseAddress.ToString().TrimEnd('/');
                Console.WriteLine($"Campaign is running at {url}  (role: {instance.Settings.Role.ToString().ToLowerInvariant()}, delivery: {instance.Settings.Delivery.Mode})");
                Console.WriteLine($"Admin: {url}/admin  key: {instance.AdminKey}{(instance.AdminKeyGenerated ? $"  (generated, kept in {Path.Combine(instance.Settings.DataDirectory, "admin-key")})" : "")}");
            }
            else
            {
                Console.WriteLine("Campaign worker is running. Ctrl+C stops it.");
            }
            await instance.App.WaitForShutdownAsync();
        }
        return 0;
    }
}
