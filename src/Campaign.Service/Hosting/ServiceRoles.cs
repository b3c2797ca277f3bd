namespace Campaign.Service.Hosting;

public static class ServiceRoles
{
    public static ServiceRole Parse(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "all" => ServiceRole.All,
        "web" => ServiceRole.Web,
        "worker" => ServiceRole.Worker,
        _ => throw new StartupException($"--role: '{value}' is not one of web, worker, all"),
    };

    public static bool ServesHttp(this ServiceRole role) => role is ServiceRole.All or ServiceRole.Web;

    public static bool RunsJobs(this ServiceRole role) => role is ServiceRole.All or ServiceRole.Worker;
}
