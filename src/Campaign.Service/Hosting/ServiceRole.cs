namespace Campaign.Service.Hosting;

/// <summary>What one process does (<c>--role</c>): serve HTTP, run the Hangfire worker, or both.</summary>
public enum ServiceRole { All, Web, Worker }

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

/// <summary>A start-up problem that the operator fixes: printed as one line, without a stack trace.</summary>
public sealed class StartupException(string message) : Exception(message);
