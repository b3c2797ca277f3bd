using Campaign.Core.Storage;
using Campaign.Service.Hosting;
using Npgsql;

namespace Campaign.Service.Embedded;

/// <summary>
/// The database the service and its command-line verbs work on: the configured connection string, or the
/// embedded cluster under the data directory when none is set. Disposing closes the pool, then stops the
/// cluster if this started it.
/// </summary>
public sealed class ServiceDatabase : IAsyncDisposable
{
    private readonly EmbeddedPostgres? postgres;

    private ServiceDatabase(string connectionString, EmbeddedPostgres? postgres, Pooler pooler = Pooler.None)
    {
        ConnectionString = connectionString;
        DataSource = CampaignDatabase.Open(connectionString, pooler);
        this.postgres = postgres;
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<ServiceDatabase> OpenAsync(ServiceSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString)) return new ServiceDatabase(settings.ConnectionString, null, settings.Database.Pooler);
        var postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(settings.DataDirectory, "postgres"),
            Database = "campaign",
        }, logger, cancellationToken);
        try
        {
            return new ServiceDatabase(postgres.ConnectionString, postgres);
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (postgres is not null) await postgres.DisposeAsync();
    }
}
