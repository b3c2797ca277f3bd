namespace Campaign.Service.Embedded;

/// <summary>The directory holding the PostgreSQL server tools we drive.</summary>
internal sealed record PostgresBinaries(string Directory)
{
    // Debian installs each major version side by side; the newest one is what a fresh install would use.
    private const string DebianRoot = "/usr/lib/postgresql";

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    /// <summary>Explicit directory first, then <c>PG_BIN</c>, then the newest Debian version.</summary>
    public static PostgresBinaries Locate(string? explicitDirectory)
    {
        var chosen = explicitDirectory ?? NullIfEmpty(Environment.GetEnvironmentVariable("PG_BIN"));
        if (chosen is not null)
        {
            return HasTools(chosen) ? new PostgresBinaries(chosen) : throw new PostgresNotInstalledException(chosen);
        }

        var newest = System.IO.Directory.Exists(DebianRoot)
            ? System.IO.Directory.GetDirectories(DebianRoot)
                .Select(versionDir => (Version: ParseVersion(Path.GetFileName(versionDir)), Bin: Path.Combine(versionDir, "bin")))
                .Where(candidate => candidate.Version is not null && HasTools(candidate.Bin))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Bin)
                .FirstOrDefault()
            : null;
        return newest is not null ? new PostgresBinaries(newest) : throw new PostgresNotInstalledException($"{DebianRoot}/*/bin");
    }

    private static bool HasTools(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    // "15" and "9.6" are both version directory names Debian has used.
    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
