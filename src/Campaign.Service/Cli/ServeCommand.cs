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
            // With JSON logs, standard output is the log stream: these lines for a person go to standard error.
            var say = LogFormat.IsJson(instance.App.Configuration) ? Console.Error : Console.Out;
            if (instance.Settings.Role.ServesHttp())
            {
                var url = instance.BaseAddress.ToString().TrimEnd('/');
                say.WriteLine($"Campaign is running at {url}  (role: {instance.Settings.Role.ToString().ToLowerInvariant()}, delivery: {instance.Settings.Delivery.Mode})");
                say.WriteLine(AdminLine(instance));
            }
            else
            {
                say.WriteLine("Campaign worker is running. Ctrl+C stops it.");
            }
            await instance.App.WaitForShutdownAsync();
        }
        return 0;
    }

    /// <summary>
    /// The key itself only the moment it is generated: a console's output ends up in terminals' scrollback,
    /// CI logs and journald, and a key shown at every start would sit there for as long as it stays valid.
    /// </summary>
    public static string AdminLine(ServiceInstance instance)
    {
        var url = $"{instance.BaseAddress.ToString().TrimEnd('/')}/admin";
        var keptIn = Hosting.AdminKey.FileIn(instance.Settings.DataDirectory);
        if (instance.AdminKeyGenerated) return $"Admin: {url}  key: {instance.AdminKey}  (generated now and kept in {keptIn}; it is not shown again)";
        return string.IsNullOrWhiteSpace(instance.Settings.AdminApiKey)
            ? $"Admin: {url}  key: the one kept in {keptIn}"
            : $"Admin: {url}  key: the one set as Admin:ApiKey";
    }
}
