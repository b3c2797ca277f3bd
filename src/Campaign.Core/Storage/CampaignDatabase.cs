using Npgsql;

namespace Campaign.Core.Storage;

/// <summary>How every part of the service opens the database, so the web, the worker and the CLI behave alike.</summary>
public static class CampaignDatabase
{
    // The dispatcher runs the same few statements thousands of times a minute; prepared once per
    // connection, PostgreSQL does not parse and plan them each time.
    private const int AutoPreparedStatements = 32;

    public static NpgsqlDataSource Open(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // An operator's own setting wins: behind a pooler in transaction mode they may need to turn it off.
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = AutoPreparedStatements;
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }
}
