using System.Diagnostics;
using System.Net.Sockets;
using Campaign.Service.Embedded;
using Npgsql;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// Debian's PgBouncer in front of the test cluster, started with a private configuration in
/// <c>pool_mode = transaction</c>, as an organization that outgrows one process runs it: a server connection
/// belongs to a client for one transaction only. Stopped and its folder deleted on dispose.
/// </summary>
public sealed class PgBouncer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/pgbouncer";
    private readonly Process process;
    private readonly TempDirectory folder;

    private PgBouncer(Process process, TempDirectory folder, int port)
    {
        this.process = process;
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts PgBouncer for the server of <paramref name="directConnectionString"/>, with its user and password.</summary>
    public static async Task<PgBouncer> StartAsync(string directConnectionString)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} is missing: tests/run.sh installs Debian's pgbouncer package");
        var direct = new NpgsqlConnectionStringBuilder(directConnectionString);
        var folder = new TempDirectory("pgbouncer");
        var port = LoopbackPort.FindFree();
        // Clients are trusted on loopback; PgBouncer logs into PostgreSQL with the password from its auth file.
        File.WriteAllText(Path.Combine(folder.Path, "users.txt"), $"\"{direct.Username}\" \"{direct.Password}\"\n");
        File.WriteAllText(Path.Combine(folder.Path, "pgbouncer.ini"), $"""
            [databases]
            * = host={direct.Host} port={direct.Port}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {Path.Combine(folder.Path, "users.txt")}
            pool_mode = transaction
            max_client_conn = 1000
            default_pool_size = 40
            ignore_startup_parameters = extra_float_digits, search_path
            server_reset_query =
            """);
        // PgBouncer refuses to run as root; -u drops to an unprivileged user, who must read the files.
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var info = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (Environment.UserName == "root") { info.ArgumentList.Add("-u"); info.ArgumentList.Add("nobody"); }
        info.ArgumentList.Add(Path.Combine(folder.Path, "pgbouncer.ini"));
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bouncer = new PgBouncer(process, folder, port);
        for (var i = 0; i < 200; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"pgbouncer exited with {process.ExitCode} at start");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return bouncer;
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }
        await bouncer.DisposeAsync();
        throw new TimeoutException($"pgbouncer did not listen on {port}");
    }

    /// <summary>The same database, user and password as <paramref name="directConnectionString"/>, through PgBouncer.</summary>
    public string Through(string directConnectionString) =>
        new NpgsqlConnectionStringBuilder(directConnectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
        folder.Dispose();
    }
}
