using Npgsql;

namespace Campaign.Service.Embedded;

/// <summary>
/// A cluster created before the embedded database used passwords (<c>initdb -A trust</c>) is moved to
/// <c>scram-sha-256</c> at its next start: the role gets the kept password, <c>pg_hba.conf</c> asks for it,
/// and the server reloads. Until then anyone on the machine could connect as <c>postgres</c>.
/// </summary>
internal static class TrustUpgrade
{
    public const string Method = "scram-sha-256";

    public static bool IsNeeded(string dataDirectory) => HbaLines(dataDirectory).Any(line => Fields(line) is [.., "trust"]);

    /// <param name="connectionString">A connection to the running server that still needs no password.</param>
    public static async Task RunAsync(string dataDirectory, string connectionString, string password, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Password = null };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        // The role's password first: once the new pg_hba.conf is live, nothing without it gets in.
        await using (var alter = new NpgsqlCommand($"set password_encryption = '{Method}'; alter role postgres password '{password}'", connection))
        {
            await alter.ExecuteNonQueryAsync(ct);
        }

        var path = Path.Combine(dataDirectory, "pg_hba.conf");
        var rewritten = File.ReadAllLines(path).Select(line => Fields(line) is [.., "trust"] ? ReplaceLastField(line, Method) : line);
        // Overwriting in place keeps the file's owner (postgres) and mode.
        await File.WriteAllLinesAsync(path, rewritten, ct);
        await using var reload = new NpgsqlCommand("select pg_reload_conf()", connection);
        await reload.ExecuteScalarAsync(ct);
    }

    private static IEnumerable<string> HbaLines(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "pg_hba.conf");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    // pg_hba.conf: whitespace-separated fields, '#' starts a comment; the method is the last field unless options follow.
    private static string[] Fields(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return (hash >= 0 ? line[..hash] : line).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
    }

    private static string ReplaceLastField(string line, string value)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        var at = (hash >= 0 ? line[..hash] : line).LastIndexOf("trust", StringComparison.Ordinal);
        return line[..at] + value + line[(at + "trust".Length)..];
    }
}
