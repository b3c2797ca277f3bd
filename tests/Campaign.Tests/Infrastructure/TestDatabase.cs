using Campaign.Service.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// One private PostgreSQL cluster for the whole test run, started on first use and stopped and deleted when
/// the test process exits. Each test class asks for its own fresh database.
/// </summary>
public static class TestDatabase
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"campaign-tests-{Environment.ProcessId}");
    private static readonly Lazy<Task<EmbeddedPostgres>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int counter;

    /// <summary>The shared server, started on first use.</summary>
    public static Task<EmbeddedPostgres> GetServerAsync() => Server.Value;

    /// <summary>Creates a new, empty database named after <paramref name="prefix"/> and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = await Server.Value;
        // The cluster belongs to this process, so a counter is enough to keep names unique.
        var name = $"{Sanitize(prefix)}_{Interlocked.Increment(ref counter)}";
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return server.ConnectionStringFor(name);
    }

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        await RemoveLeftoversOfDeadRunsAsync();
        var options = new EmbeddedPostgresOptions { DataDirectory = Path.Combine(Root, "postgres"), ForTests = true };
        var server = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, CancellationToken.None);

        // xunit has no assembly-wide teardown in 2.x; process exit is the last moment we are sure tests are done.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            NpgsqlConnection.ClearAllPools();
            // The runner kills the test host a moment after exit begins, too soon for pg_ctl: signal directly.
            server.KillForProcessExit(TimeSpan.FromSeconds(2));
            DeleteQuietly(Root);
        };
        return server;
    }

    // The test host may be killed before ProcessExit finishes; the next run cleans up after it.
    private static async Task RemoveLeftoversOfDeadRunsAsync()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "campaign-tests-*"))
        {
            if (int.TryParse(Path.GetFileName(dir)["campaign-tests-".Length..], out var pid) && !IsAlive(pid))
            {
                await EmbeddedPostgres.StopOrphanAsync(Path.Combine(dir, "postgres"), binDirectory: null, CancellationToken.None);
                DeleteQuietly(dir);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void DeleteQuietly(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // Database names: lower-case letters, digits and underscores, short enough for PostgreSQL's 63-byte limit.
    private static string Sanitize(string prefix)
    {
        var cleaned = new string(prefix.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return cleaned.Length > 40 ? cleaned[..40] : cleaned;
    }
}
