using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Service.Embedded;

/// <summary>
/// A private PostgreSQL cluster run from the system's PostgreSQL binaries, bound to 127.0.0.1. Used when
/// no connection string is configured, and by the tests. If another process already runs the cluster in
/// the same data directory, this instance connects to it and leaves stopping it to its owner.
/// </summary>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ClusterPaths paths;
    private readonly PostgresBinaries? binaries;
    private readonly ToolRunner? tools;
    private readonly ILogger logger;
    private bool ownsServer;

    private EmbeddedPostgres(ClusterPaths paths, PostgresBinaries? binaries, ToolRunner? tools, int port, string database, bool ownsServer, ILogger logger)
    {
        this.paths = paths;
        this.binaries = binaries;
        this.tools = tools;
        this.logger = logger;
        this.ownsServer = ownsServer;
        Port = port;
        ConnectionString = ConnectionStringFor(port, database);
    }

    /// <summary>Npgsql connection string for the requested database.</summary>
    public string ConnectionString { get; }

    public int Port { get; }

    public string DataDirectory => paths.DataDirectory;

    /// <summary>True when this instance started the server and will stop it.</summary>
    public bool OwnsServer => ownsServer;

    /// <summary>Connection string for another database on the same server (e.g. one per test class).</summary>
    public string ConnectionStringFor(string database) => ConnectionStringFor(Port, database);

    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken ct)
    {
        var binaries = PostgresBinaries.Locate(options.BinDirectory);
        var paths = ClusterPaths.For(options.DataDirectory);
        Directory.CreateDirectory(paths.ParentDirectory);

        using (await ClusterLock.AcquireAsync(paths.LockFile, StartTimeout, ct))
        {
            var running = PostmasterPid.TryRead(paths.DataDirectory);
            if (running is not null && running.IsAlive())
            {
                LogReusing(logger, paths.DataDirectory, running.Port);
                var shared = new EmbeddedPostgres(paths, null, null, running.Port, options.Database, ownsServer: false, logger);
                await DatabaseCreator.EnsureExistsAsync(shared.ConnectionStringFor("postgres"), options.Database, StartTimeout, ct);
                return shared;
            }

            var tools = new ToolRunner(UnixAccount.IsRoot);
            var cluster = new ClusterStarter(paths, binaries, tools, options, logger);
            var started = System.Diagnostics.Stopwatch.StartNew();
            await cluster.InitializeIfNeededAsync(ct);
            var port = await cluster.StartAsync(ct);
            var postgres = new EmbeddedPostgres(paths, binaries, tools, port, options.Database, ownsServer: true, logger);
            try
            {
                await DatabaseCreator.EnsureExistsAsync(postgres.ConnectionStringFor("postgres"), options.Database, StartTimeout, ct);
            }
            catch
            {
                await postgres.StopAsync();
                throw;
            }

            LogStarted(logger, paths.DataDirectory, port, started.ElapsedMilliseconds);
            return postgres;
        }
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended) if this instance started it.</summary>
    public async Task StopAsync()
    {
        if (!ownsServer || binaries is null || tools is null)
        {
            return;
        }

        ownsServer = false;
        var result = await tools.RunAsPostgresAsync(binaries.PgCtl, ["stop", "-D", paths.DataDirectory, "-m", "fast", "-w", "-t", "60"], CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"pg_ctl stop failed for {paths.DataDirectory} (see {paths.LogFile}):{Environment.NewLine}{result.Tail()}");
        }

        LogStopped(logger, paths.DataDirectory);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>
    /// Signals the postmaster to quit at once and waits briefly for it, without spawning pg_ctl: for a test
    /// process's exit handler, which the test runner kills within a fraction of a second.
    /// </summary>
    internal void KillForProcessExit(TimeSpan wait)
    {
        var running = ownsServer ? PostmasterPid.TryRead(paths.DataDirectory) : null;
        ownsServer = false;
        if (running is null || !UnixAccount.SendQuit(running.ProcessId))
        {
            return;
        }

        var deadline = DateTime.UtcNow + wait;
        while (running.IsAlive() && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }
    }

    /// <summary>
    /// Stops a cluster whose owner died without stopping it (e.g. a killed test run), so its folder can be
    /// deleted. Does nothing when no live server runs in <paramref name="dataDirectory"/>.
    /// </summary>
    internal static async Task StopOrphanAsync(string dataDirectory, string? binDirectory, CancellationToken ct)
    {
        var running = PostmasterPid.TryRead(dataDirectory);
        if (running is null || !running.IsAlive())
        {
            return;
        }

        var binaries = PostgresBinaries.Locate(binDirectory);
        var tools = new ToolRunner(UnixAccount.IsRoot);
        await tools.RunAsPostgresAsync(binaries.PgCtl, ["stop", "-D", Path.GetFullPath(dataDirectory), "-m", "immediate", "-w", "-t", "60"], ct);
    }

    private static string ConnectionStringFor(int port, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL cluster {DataDirectory} is already running on port {Port}; sharing it")]
    private static partial void LogReusing(ILogger logger, string dataDirectory, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL cluster {DataDirectory} started on 127.0.0.1:{Port} in {ElapsedMs} ms")]
    private static partial void LogStarted(ILogger logger, string dataDirectory, int port, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL cluster {DataDirectory} stopped")]
    private static partial void LogStopped(ILogger logger, string dataDirectory);
}
