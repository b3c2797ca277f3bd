using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net;
using System.Text;
using MimeKit;

namespace Campaign.Tests.Sending;

/// <summary>
/// A small real SMTP server for provoking the failures a relay shows in the wild: 421 on connect, chosen
/// replies to MAIL FROM and RCPT TO, a connection dropped at DATA or after the data, and stopping and starting on the same
/// port. It speaks plain SMTP without pipelining, so every command gets its own reply in order.
/// </summary>
public sealed class FaultySmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<Received> received = new();
    private TcpListener? listener;
    private CancellationTokenSource? stopping;
    private Task? accepting;
    private bool greetWith421;
    private string? mailFromReply;

    public sealed record Received(string Recipient, string MessageId, string Raw, DateTimeOffset At);

    public int Port { get; }

    /// <summary>Answer every connection with 421, as a relay in trouble does.</summary>
    public bool GreetWith421 { get => Volatile.Read(ref greetWith421); set => Volatile.Write(ref greetWith421, value); }

    /// <summary>A reply for MAIL FROM instead of 250 (e.g. "553 5.7.1 sender rejected").</summary>
    public string? MailFromReply { get => Volatile.Read(ref mailFromReply); set => Volatile.Write(ref mailFromReply, value); }

    /// <summary>A reply for RCPT TO of an address (null: accept). Called once per attempt.</summary>
    public Func<string, string?> RcptReply { get; set; } = _ => null;

    /// <summary>Whether to close the connection when asked for DATA, before any of the message is sent.</summary>
    public Func<string, bool> DropAtData { get; set; } = _ => false;

    /// <summary>Whether to close the connection after the message data, before answering.</summary>
    public Func<string, bool> DropAfterData { get; set; } = _ => false;

    public IReadOnlyList<Received> Messages => [.. received];

    private FaultySmtpServer(int port) => Port = port;

    public static FaultySmtpServer Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new FaultySmtpServer(port);
        server.Listen();
        return server;
    }

    /// <summary>Starts listening again on the same port after <see cref="StopListeningAsync"/>.</summary>
    public void Listen()
    {
        stopping = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        accepting = AcceptAsync(listener, stopping.Token);
    }

    /// <summary>Stops listening and closes open sessions: connections are refused until <see cref="Listen"/>.</summary>
    public async Task StopListeningAsync()
    {
        if (stopping is null) return;
        await stopping.CancelAsync();
        listener!.Stop();
        try { await accepting!; } catch (OperationCanceledException) { }
        stopping.Dispose();
        stopping = null;
    }

    private async Task AcceptAsync(TcpListener server, CancellationToken cancellationToken)
    {
        var sessions = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await server.AcceptTcpClientAsync(cancellationToken);
                client.NoDelay = true;
                sessions.Add(Task.Run(() => SessionAsync(client, cancellationToken), CancellationToken.None));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        await Task.WhenAll(sessions.Select(s => s.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private async Task SessionAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1);
        await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
        using var closing = cancellationToken.Register(client.Close);
        try
        {
            if (GreetWith421)
            {
                await writer.WriteLineAsync("421 4.3.2 service not available, try later");
                return;
            }
            await writer.WriteLineAsync("220 faulty.test ESMTP");
            var recipients = new List<string>();
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-faulty.test\r\n250 8BITMIME");
                        break;
                    case "HELO" or "NOOP":
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "RSET":
                        recipients.Clear();
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "MAIL":
                        recipients.Clear();
                        await writer.WriteLineAsync(MailFromReply ?? "250 ok");
                        break;
                    case "RCPT":
                        var address = line[(line.IndexOf('<') + 1)..line.IndexOf('>')];
                        var reply = RcptReply(address);
                        if (reply is null) recipients.Add(address);
                        await writer.WriteLineAsync(reply ?? "250 ok");
                        break;
                    case "DATA":
                        if (recipients.Any(DropAtData)) return;
                        await writer.WriteLineAsync("354 go ahead");
                        var data = await ReadDataAsync(reader, cancellationToken);
                        var messageId = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(data)), CancellationToken.None).MessageId ?? "";
                        foreach (var recipient in recipients) received.Enqueue(new Received(recipient, messageId, data, DateTimeOffset.UtcNow));
                        // A drop after the data: the relay has the message, but the sender never hears so.
                        if (recipients.Any(DropAfterData)) return;
                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
    }

    private static async Task<string> ReadDataAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line && line != ".")
            data.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append("\r\n");
        return data.ToString();
    }

    public async ValueTask DisposeAsync() => await StopListeningAsync();
}
