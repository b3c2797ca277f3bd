using Campaign.Service.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace Campaign.Benchmarks;

/// <summary>A private PostgreSQL configured as production runs it (fsync and synchronous commit on), in the run's temporary folder.</summary>
public static class DurablePostgres
{
    public static Task<EmbeddedPostgres> StartAsync(TempFolder data) => EmbeddedPostgres.StartAsync(
        new EmbeddedPostgresOptions { DataDirectory = Path.Combine(data.Path, "postgres"), Database = "bench" },
        NullLogger.Instance, CancellationToken.None);
}
