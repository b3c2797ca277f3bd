using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Campaign.Service.Embedded;

/// <summary>Creates (initdb) and starts (pg_ctl) a cluster this process owns.</summary>
internal sealed partial class ClusterStarter(
    ClusterPaths paths, PostgresBinaries binaries, ToolRunner tools, EmbeddedPostgresOptions options, ILogger logger)
{
    // Durability off: only for clusters whose data is thrown away after the test run.
    // max_connections: a test run starts a dozen services side by side, each with its pool and Hangfire workers.
    private static readonly string[] TestOnlySettings = ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=600"];

    public async Task InitializeIfNeededAsync(CancellationToken ct)
    {
        if (paths.IsInitialized)
        {
            await GiveToPostgresUserAsync(ct);
            return;
        }

        if (Directory.Exists(paths.DataDirectory) && Directory.EnumerateFileSystemEntries(paths.DataDirectory).Any())
        {
            throw new EmbeddedPostgresException(
                $"{paths.DataDirectory} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away or point the data directory elsewhere.");
        }

        Directory.CreateDirectory(paths.DataDirectory);
        await GiveToPostgresUserAsync(ct);
        LogInitializing(paths.DataDirectory);

        var password = ClusterPassword.ReadOrCreate(paths.PasswordFile);
        var pwfile = await InitDbPasswordFileAsync(password, ct);
        ToolResult result;
        try
        {
            result = await InitDbAsync("C.UTF-8", pwfile, ct);
            if (!result.Succeeded)
            {
                // Minimal systems may lack the C.UTF-8 locale; plain C still stores UTF-8 text correctly.
                ClearDirectory(paths.DataDirectory);
                result = await InitDbAsync("C", pwfile, ct);
            }
        }
        finally
        {
            File.Delete(pwfile);
        }

        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"initdb failed for {paths.DataDirectory}:{Environment.NewLine}{result.Tail()}");
        }
    }

    /// <summary>Starts the server and returns its port.</summary>
    public async Task<int> StartAsync(CancellationToken ct)
    {
        PrepareSocketDirectoryAndLog();
        await GiveToPostgresUserAsync(ct);

        // A free port picked now may be taken before postgres binds it; with port 0 we simply try another.
        var attempts = options.Port == 0 ? 3 : 1;
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port == 0 ? LoopbackPort.FindFree() : options.Port;
            var result = await tools.RunAsPostgresAsync(binaries.PgCtl, ["start", "-D", paths.DataDirectory, "-w", "-t", "60", "-l", paths.LogFile, "-o", ServerOptions(port)], ct);
            if (result.Succeeded)
            {
                return port;
            }

            if (attempt >= attempts)
            {
                throw new EmbeddedPostgresException(
                    $"pg_ctl start failed for {paths.DataDirectory} (server log: {paths.LogFile}):{Environment.NewLine}{result.Tail()}{Environment.NewLine}{LogTail()}");
            }

            LogRetrying(port);
        }
    }

    private Task<ToolResult> InitDbAsync(string locale, string pwfile, CancellationToken ct)
    {
        List<string> arguments = ["-D", paths.DataDirectory, "-U", "postgres", $"--auth={TrustUpgrade.Method}", $"--pwfile={pwfile}", "-E", "UTF8", $"--locale={locale}"];
        if (options.ForTests)
        {
            arguments.Add("--no-sync");
        }

        return tools.RunAsPostgresAsync(binaries.InitDb, arguments, ct);
    }

    /// <summary>
    /// initdb runs as postgres and must read the password, while the kept copy belongs to the service's user:
    /// a copy for initdb alone, 0600 and given to postgres, in the socket directory (postgres owns it, nobody
    /// else can enter the parent's copy), deleted as soon as initdb is done.
    /// </summary>
    private async Task<string> InitDbPasswordFileAsync(string password, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.SocketDirectory);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(paths.SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var pwfile = Path.Combine(paths.SocketDirectory, $"initdb-password-{Guid.NewGuid():N}");
        ClusterPassword.WriteOwnerOnly(pwfile, password + "\n");
        if (tools.RunsAsPostgresUser)
        {
            var chown = await ToolRunner.RunAsync("chown", ["postgres:postgres", paths.SocketDirectory, pwfile], ct);
            if (!chown.Succeeded)
            {
                File.Delete(pwfile);
                throw new EmbeddedPostgresException($"Could not give initdb's password file to the postgres user:{Environment.NewLine}{chown.Tail()}");
            }
        }

        return pwfile;
    }

    // pg_ctl hands -o to a shell, hence the quoted socket directory.
    private string ServerOptions(int port)
    {
        var settings = new List<string>
        {
            $"-p {port.ToString(CultureInfo.InvariantCulture)}",
            $"-k '{paths.SocketDirectory.Replace("'", "'\\''", StringComparison.Ordinal)}'",
            "-c listen_addresses=127.0.0.1",
        };
        if (options.ForTests)
        {
            settings.AddRange(TestOnlySettings);
        }

        return string.Join(' ', settings);
    }

    private void PrepareSocketDirectoryAndLog()
    {
        Directory.CreateDirectory(paths.SocketDirectory);
        if (!File.Exists(paths.LogFile))
        {
            File.WriteAllBytes(paths.LogFile, []);
        }
    }

    /// <summary>
    /// Running as root, postgres runs as the postgres user: it must own the data directory, socket directory
    /// and log, and be able to traverse every directory above them.
    /// </summary>
    private async Task GiveToPostgresUserAsync(CancellationToken ct)
    {
        if (!tools.RunsAsPostgresUser)
        {
            return;
        }

        List<string> owned = [paths.DataDirectory];
        owned.AddRange(new[] { paths.SocketDirectory, paths.LogFile }.Where(Path.Exists));
        var chown = await ToolRunner.RunAsync("chown", ["-R", "postgres:postgres", .. owned], ct);
        if (!chown.Succeeded)
        {
            throw new EmbeddedPostgresException($"Could not give {paths.DataDirectory} to the postgres user:{Environment.NewLine}{chown.Tail()}");
        }

        // One shell as postgres checks every ancestor and names the first it cannot enter.
        var ancestors = Ancestors(paths.DataDirectory).ToList();
        var reach = await tools.RunAsPostgresAsync(
            "/bin/sh", ["-c", "for d in \"$@\"; do [ -x \"$d\" ] || { echo \"$d\"; exit 1; }; done", "sh", .. ancestors], ct);
        if (!reach.Succeeded)
        {
            var blocked = reach.Tail(1);
            throw new EmbeddedPostgresException(
                $"The postgres user cannot reach the PostgreSQL data directory {paths.DataDirectory}: it cannot enter {blocked}. " +
                $"Use a data directory outside it, or allow traversal (chmod o+x {blocked}).");
        }
    }

    private static IEnumerable<string> Ancestors(string path)
    {
        var stack = new Stack<string>();
        for (var current = path; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            stack.Push(current);
        }

        return stack;
    }

    private static void ClearDirectory(string directory)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo sub)
            {
                sub.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    private string LogTail()
    {
        try
        {
            return new ToolResult(0, File.ReadAllText(paths.LogFile)).Tail(10);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating PostgreSQL cluster in {DataDirectory}")]
    private partial void LogInitializing(string dataDirectory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL could not start on port {Port}; trying another free port")]
    private partial void LogRetrying(int port);
}
