using Npgsql;

namespace Campaign.Core.Storage;

/// <summary>How every part of the service opens the database, so the web, the worker and the CLI behave alike.</summary>
public static class CampaignDatabase
{
    // The dispatcher runs the same few statements thousands of times a minute; prepared once per
    // connection, PostgreSQL does not parse and plan them each time.
    private const int AutoPreparedStatements = 32;

    public static NpgsqlDataSource Open(string connectionString, Pooler pooler = Pooler.None) =>
        NpgsqlDataSource.Create(ConnectionString(connectionString, pooler));

    /// <summary>The connection string as every part of the service uses it (Hangfire's own pool too).</summary>
    public static string ConnectionString(string connectionString, Pooler pooler)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // An operator's own setting wins.
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
            builder.MaxAutoPrepare = pooler == Pooler.Transaction ? 0 : AutoPreparedStatements;
        // Behind a transaction pooler a statement prepared on one server connection is unknown on the next,
        // and the pooler itself cleans a server connection up between clients: no DISCARD ALL from us.
        if (pooler == Pooler.Transaction) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
