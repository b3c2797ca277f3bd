using System.Security.Cryptography;
using System.Text;

namespace Campaign.Service.Embedded;

/// <summary>Where a cluster's files live: the data directory and its neighbours in the parent folder.</summary>
internal sealed record ClusterPaths(string DataDirectory, string LogFile, string LockFile, string SocketDirectory)
{
    // A Unix socket path must fit in sockaddr_un (108 bytes including ".s.PGSQL.NNNNN" and the NUL).
    private const int MaxSocketDirectoryLength = 90;

    public static ClusterPaths For(string dataDirectory)
    {
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        var parent = Path.GetDirectoryName(data) ?? throw new EmbeddedPostgresException($"The PostgreSQL data directory {data} has no parent directory.");
        var socketDirectory = Path.Combine(parent, "postgres-socket");
        if (socketDirectory.Length > MaxSocketDirectoryLength)
        {
            // Same data directory, same socket directory: every process sharing the cluster agrees on it.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(data)))[..12];
            socketDirectory = Path.Combine(Path.GetTempPath(), $"campaign-pg-{hash}");
        }

        return new ClusterPaths(data, Path.Combine(parent, "postgres.log"), Path.Combine(parent, "postgres.lock"), socketDirectory);
    }

    public string ParentDirectory => Path.GetDirectoryName(DataDirectory)!;

    /// <summary>The <c>postgres</c> role's password, beside the data directory so the service's user owns it, not postgres.</summary>
    public string PasswordFile => Path.Combine(ParentDirectory, "postgres-password");

    public bool IsInitialized => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));
}
