namespace Campaign.Service.Embedded;

/// <summary>
/// No PostgreSQL server binaries were found. Its message is one line naming the package to install,
/// because it is what an operator sees when the service exits on a fresh machine.
/// </summary>
public sealed class PostgresNotInstalledException : EmbeddedPostgresException
{
    public PostgresNotInstalledException()
        : this("/usr/lib/postgresql/*/bin")
    {
    }

    public PostgresNotInstalledException(string lookedIn)
        : base($"PostgreSQL server binaries not found (looked in {lookedIn}): install the Debian package 'postgresql' (apt-get install postgresql)")
    {
    }

    public PostgresNotInstalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
