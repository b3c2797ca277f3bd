using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Campaign.Service.Embedded;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// Debian's dnsmasq as a real DNS server for one test: loopback on a free port, no configuration file, no
/// /etc/hosts, no upstream resolver, authoritative-like for one zone (<c>--local</c>: a name it does not know
/// there is NXDOMAIN, never forwarded) and answering only the records the test gives it.
/// </summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/dnsmasq";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly StringBuilder log = new();

    private DnsmasqServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What <c>--dns</c> takes to ask this server.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>What dnsmasq logged (it logs each query), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    /// <param name="zone">The domain dnsmasq answers for by itself.</param>
    /// <param name="txtRecords">TXT records, each as the DNS strings it is made of.</param>
    /// <param name="addressOnly">Names that exist with an A record and nothing else.</param>
    public static async Task<DnsmasqServer> StartAsync(string zone, IEnumerable<(string Name, IReadOnlyList<string> Strings)> txtRecords,
        IEnumerable<string>? addressOnly = null)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install Debian's dnsmasq-base (tests/run.sh does)");
        var port = LoopbackPort.FindFree();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--keep-in-foreground", "--no-resolv", "--no-hosts", "--conf-file=/dev/null", "--pid-file=",
            $"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces", $"--local=/{zone}/",
            // As root it would drop to the dnsmasq user, which a minimal machine may lack; nobody is everywhere.
            // As another user it stays that user.
            "--user=nobody", "--log-facility=-", "--log-queries",
        })
        {
            start.ArgumentList.Add(argument);
        }
        // Each comma-separated part becomes one DNS string. Quotes are read only in a configuration file: on the
        // command line (where the shell has removed them) dnsmasq would publish them as part of the text.
        foreach (var (name, strings) in txtRecords)
        {
            if (strings.Any(s => s.Contains(',', StringComparison.Ordinal) || s.Length > 255))
                throw new ArgumentException($"{name}: a DNS string here has no comma and at most 255 characters", nameof(txtRecords));
            start.ArgumentList.Add($"--txt-record={name},{string.Join(',', strings)}");
        }
        foreach (var name in addressOnly ?? [])
            start.ArgumentList.Add($"--host-record={name},127.0.0.2");

        var server = new DnsmasqServer(Process.Start(start) ?? throw new InvalidOperationException("dnsmasq did not start"), port);
        server.process.OutputDataReceived += server.Collect;
        server.process.ErrorDataReceived += server.Collect;
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        await server.WaitUntilListeningAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private void Collect(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null) return;
        lock (log) log.AppendLine(e.Data);
    }

    /// <summary>dnsmasq binds its UDP and TCP sockets together: once TCP accepts, UDP answers.</summary>
    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"dnsmasq did not start listening on {Port}:{Environment.NewLine}{Log}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
    }
}
