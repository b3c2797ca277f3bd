using System.Diagnostics;
using System.Net.Sockets;
using Campaign.Service.Embedded;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// Debian's dovecot as a real IMAP server for one test class: a private configuration in a temp directory
/// (its own base_dir, loopback IMAP on a free port, no TLS, plain passwords from a passwd-file, maildir in the
/// temp directory), started in the foreground and stopped and started again on the same port and mail.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string User = "campaign";
    public const string Password = "bounces-secret";
    private const string Binary = "/usr/sbin/dovecot";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory directory = new("dovecot");
    private Process? master;

    private DovecotServer(int port) => Port = port;

    public int Port { get; }

    private string ConfigFile => Path.Combine(directory.Path, "dovecot.conf");

    /// <summary>What dovecot logged, for assertions (it logs each session's expunge count) and for failures.</summary>
    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    private string LogFile => Path.Combine(directory.Path, "dovecot.log");

    /// <param name="extraSettings">More dovecot.conf lines, such as a limit a test needs.</param>
    public static async Task<DovecotServer> StartAsync(string extraSettings = "")
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install Debian's dovecot-imapd (tests/run.sh does)");
        var server = new DovecotServer(LoopbackPort.FindFree());
        server.WriteConfiguration(extraSettings);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the master process and returns once it greets IMAP clients.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Binary, ["-F", "-c", ConfigFile]) { RedirectStandardOutput = true, RedirectStandardError = true };
        master = Process.Start(start) ?? throw new InvalidOperationException("dovecot did not start");
        master.OutputDataReceived += (_, _) => { };
        master.ErrorDataReceived += (_, _) => { };
        master.BeginOutputReadLine();
        master.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await GreetsAsync())
        {
            if (master.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"dovecot did not start listening on {Port}:{Environment.NewLine}{Log}");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops dovecot as an operator would (<c>dovecot stop</c>) and waits until the port is closed.</summary>
    public async Task StopAsync()
    {
        if (master is null || master.HasExited) return;
        using (var stop = Process.Start(new ProcessStartInfo(Binary, ["-c", ConfigFile, "stop"]) { RedirectStandardError = true }))
        {
            await stop!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await master.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            master.Kill(entireProcessTree: true);
        }

        master.Dispose();
        master = null;
    }

    /// <summary>A MailKit client logged in to the test mailbox, for tests to put mail in and look at it.</summary>
    public async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        return client;
    }

    /// <summary>The service's settings for polling this mailbox.</summary>
    public IEnumerable<string> InboxSettings(TimeSpan pollInterval, string folder = "INBOX") =>
    [
        "--Inbound:Imap:Host=127.0.0.1", $"--Inbound:Imap:Port={Port}", "--Inbound:Imap:Security=None",
        $"--Inbound:Imap:Username={User}", $"--Inbound:Imap:Password={Password}", $"--Inbound:Imap:Folder={folder}",
        $"--Inbound:Imap:PollInterval={pollInterval:c}",
    ];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        directory.Dispose();
    }

    private async Task<bool> GreetsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var buffer = new byte[4];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            return await client.GetStream().ReadAsync(buffer, timeout.Token) == 4 && buffer.AsSpan().SequenceEqual("* OK"u8);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private void WriteConfiguration(string extraSettings)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("dovecot is started as a Debian package");
        var root = directory.Path;
        // dovecot's auth process runs as the dovecot user and must reach the passwd-file.
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var home = Path.Combine(root, "home");
        Directory.CreateDirectory(home);
        var (uid, gid) = MailAccount();
        // The mail processes run as that account, which may not be ours: it creates the maildir itself.
        File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111);
        File.WriteAllText(Path.Combine(root, "passwd"), $"{User}:{{PLAIN}}{Password}\n");
        File.WriteAllText(ConfigFile, $$"""
            base_dir = {{root}}/run
            state_dir = {{root}}/state
            log_path = {{LogFile}}
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain
            mail_location = maildir:{{home}}/%u/Maildir
            passdb {
              driver = passwd-file
              args = scheme=PLAIN {{root}}/passwd
            }
            userdb {
              driver = static
              args = uid={{uid}} gid={{gid}} home={{home}}/%u
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            {{extraSettings}}

            """);
    }

    /// <summary>
    /// The account the mail is kept under: the current one, except root, which dovecot refuses for mail
    /// ("userdb returned 0 as uid") — then nobody, whom every Debian has.
    /// </summary>
    private static (int Uid, int Gid) MailAccount()
    {
        var (uid, gid) = (Id("-u"), Id("-g"));
        if (uid != 0) return (uid, gid);
        var nobody = File.ReadLines("/etc/passwd").Select(line => line.Split(':')).First(fields => fields[0] == "nobody");
        return (int.Parse(nobody[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(nobody[3], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int Id(string option)
    {
        using var id = Process.Start(new ProcessStartInfo("id", [option]) { RedirectStandardOutput = true })!;
        var text = id.StandardOutput.ReadToEnd();
        id.WaitForExit();
        return int.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
