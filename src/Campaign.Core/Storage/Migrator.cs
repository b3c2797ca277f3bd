using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Core.Storage;

/// <summary>
/// Applies the numbered <c>Migrations/*.sql</c> files once each, in order. Several processes may start at
/// once: an advisory lock makes them take turns, and the journal makes the second one a no-op.
/// </summary>
public sealed partial class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
{
    // Any constant unique to this application; PostgreSQL advisory locks are per database.
    private const long MigrationLockKey = 0x43616d706169676e; // "Campaign"

    private const string CreateJournal = """
        create table if not exists schema_migrations (
            version     text primary key,
            applied_at  timestamptz not null default now()
        )
        """;

    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var count = 0;
        foreach (var (version, sql) in LoadMigrations())
        {
            // Each migration in a transaction that holds the lock to its end: a lock of the transaction, not of
            // the session, so the turn-taking holds behind a pooler in transaction mode too.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync("select pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, transaction);
            await connection.ExecuteAsync(CreateJournal, transaction: transaction);
            if (await connection.ExecuteScalarAsync<bool>("select exists (select from schema_migrations where version = @version)", new { version }, transaction))
                continue; // rolled back on dispose: nothing was changed
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync("insert into schema_migrations (version) values (@version)", new { version }, transaction);
            await transaction.CommitAsync(cancellationToken);
            LogApplied(version);
            count++;
        }
        return count;
    }

    internal static IEnumerable<(string Version, string Sql)> LoadMigrations()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "Campaign.Migrations.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (Path.GetFileNameWithoutExtension(name[prefix.Length..]), reader.ReadToEnd());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version}")]
    private partial void LogApplied(string version);
}
