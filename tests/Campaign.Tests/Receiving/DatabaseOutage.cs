using Dapper;
using Npgsql;

namespace Campaign.Tests.Receiving;

/// <summary>The service's database stops answering: new connections are refused and open ones are cut, until disposed.</summary>
public sealed class DatabaseOutage : IAsyncDisposable
{
    private readonly string connectionString;
    private readonly string maintenance;
    private readonly string database;

    private DatabaseOutage(string connectionString, string maintenance, string database)
    {
        this.connectionString = connectionString;
        this.maintenance = maintenance;
        this.database = database;
    }

    public static async Task<DatabaseOutage> BeginAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(maintenance))
        {
            await connection.ExecuteAsync($"alter database \"{database}\" allow_connections false");
            await connection.ExecuteAsync("select pg_terminate_backend(pid) from pg_stat_activity where datname = @database", new { database });
        }

        return new DatabaseOutage(connectionString, maintenance, database);
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(maintenance))
        {
            await connection.ExecuteAsync($"alter database \"{database}\" allow_connections true");
        }

        // The test's own pooled connections to it were cut too.
        using var pooled = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(pooled);
    }
}
