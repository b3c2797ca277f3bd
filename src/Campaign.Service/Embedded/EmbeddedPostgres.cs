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
    private readonly string? password;
    private bool ownsServer;

    private EmbeddedPostgres(ClusterPaths paths, PostgresBinaries? binaries, ToolRunner? tools, int port, string database, bool ownsServer, ILogger logger)
    {
        this.paths = paths;
        password = ClusterPassword.TryRead(paths.PasswordFile);
        this.binaries = binaries;
        this.tools = tools;
        this.logger = logger;
        this.ownsServer = ownsServer;
        Port = port;
        ConnectionString = ConnectionStringFor(port, database, password);
    }

    /// <summary>Npgsql connection string for the requested database.</summary>
    public string ConnectionString { get; }

    public int Port { get; }

    public string DataDirectory => paths.DataDirectory;

    /// <summary>True when this instance started the server and will stop it.</summary>
    public bool OwnsServer => ownsServer;

    /// <summary>Connection string for another database on the same server (e.g. one per test class).</summary>
    public string ConnectionStringFor(string database) => ConnectionStringFor(Port, database, password);

    /// <summary>Where the <c>postgres</c> role's password is kept (mode 0600).</summary>
    public string PasswordFile => paths.PasswordFile;

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
            try
            {
                await RequirePasswordAsync(paths, port, logger, ct);
            }
            catch
            {
                await new EmbeddedPostgres(paths, binaries, tools, port, options.Database, ownsServer: true, logger).StopAsync();
                throw;
            }

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

    /// <summary>
    /// Every connection must give the password: a cluster from before (trust) is upgraded now, and a cluster
    /// that asks for a password nobody kept stops here with the way out.
    /// </summary>
    private static async Task RequirePasswordAsync(ClusterPaths paths, int port, ILogger logger, CancellationToken ct)
    {
        if (TrustUpgrade.IsNeeded(paths.DataDirectory))
        {
            var password = ClusterPassword.ReadOrCreate(paths.PasswordFile);
            await DatabaseCreator.WaitUntilAcceptingAsync(ConnectionStringFor(port, "postgres", null), StartTimeout, ct);
            await TrustUpgrade.RunAsync(paths.DataDirectory, ConnectionStringFor(port, "postgres", null), password, ct);
            LogUpgraded(logger, paths.DataDirectory, paths.PasswordFile);
        }
        else if (ClusterPassword.TryRead(paths.PasswordFile) is null)
        {
            throw new EmbeddedPostgresException(
                $"The PostgreSQL cluster {paths.DataDirectory} asks for a password, but {paths.PasswordFile} is missing: restore it from your backup, or move {paths.DataDirectory} away to start with a new cluster.");
        }
    }

    private static string ConnectionStringFor(int port, string database, string? password) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "postgres",
        Password = password,
        Database = database,
    }.ConnectionString;

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL cluster {DataDirectory} now asks for a password (scram-sha-256) instead of trusting every local connection; the password is kept in {PasswordFile}")]
    private static partial void LogUpgraded(ILogger logger, string dataDirectory, string passwordFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL cluster {DataDirectory} is already running on port {Port}; sharing it")]
    private static partial void LogReusing(ILogger logger, string dataDirectory, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL cluster {DataDirectory} started on 127.0.0.1:{Port} in {ElapsedMs} ms")]
    private static partial void LogStarted(ILogger logger, string dataDirectory, int port, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL cluster {DataDirectory} stopped")]
    private static partial void LogStopped(ILogger logger, string dataDirectory);
}
