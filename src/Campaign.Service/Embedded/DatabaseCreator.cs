using Npgsql;

namespace Campaign.Service.Embedded;

/// <summary>Creates a database on the embedded server unless it exists.</summary>
internal static class DatabaseCreator
{
    public static async Task EnsureExistsAsync(string maintenanceConnectionString, string database, TimeSpan timeout, CancellationToken ct)
    {
        // No pooling: this connection is used once, and a pooled idle session would block DROP DATABASE later.
        var builder = new NpgsqlConnectionStringBuilder(maintenanceConnectionString) { Pooling = false };
        await using var connection = await OpenWithRetryAsync(builder.ConnectionString, timeout, ct);

        await using (var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = database });
            if (await exists.ExecuteScalarAsync(ct) is not null)
            {
                return;
            }
        }

        try
        {
            await using var create = new NpgsqlCommand($"create database {QuoteIdentifier(database)}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another process (or test class) created it between our check and our create: that is fine.
        }
    }

    /// <summary>Returns once the server takes connections (pg_ctl -w can return a moment before it does).</summary>
    public static async Task WaitUntilAcceptingAsync(string connectionString, TimeSpan timeout, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = await OpenWithRetryAsync(builder.ConnectionString, timeout, ct);
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // A server shared with another process may still be starting up ("the database system is starting up").
    private static async Task<NpgsqlConnection> OpenWithRetryAsync(string connectionString, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(ct);
                return connection;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
            {
                await connection.DisposeAsync();
                await Task.Delay(100, ct);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
    }
}
