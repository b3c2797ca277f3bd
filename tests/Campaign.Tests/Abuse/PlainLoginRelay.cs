using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Campaign.Tests.Abuse;

/// <summary>
/// A real SMTP server on loopback that offers a login (AUTH PLAIN LOGIN) and no STARTTLS — what a relay looks
/// like after someone on the path stripped STARTTLS from its EHLO answer — and writes down every command it hears.
/// </summary>
public sealed class PlainLoginRelay : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<string> commands = new();
    private readonly Task accepting;

    private PlainLoginRelay()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Every line a client sent, in order (message data included).</summary>
    public IReadOnlyList<string> Commands => [.. commands];

    public static PlainLoginRelay Start() => new();

    private async Task AcceptAsync()
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var socket = await listener.AcceptTcpClientAsync(stopping.Token);
                _ = ServeAsync(socket);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(TcpClient socket)
    {
        using var _ = socket;
        await using var stream = socket.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        try
        {
            await writer.WriteLineAsync("220 relay.example ESMTP");
            var inData = false;
            while (await reader.ReadLineAsync(stopping.Token) is { } line)
            {
                commands.Enqueue(line);
                if (inData)
                {
                    if (line == ".") { inData = false; await writer.WriteLineAsync("250 2.0.0 queued"); }
                    continue;
                }
                var verb = line.Split(' ')[0].ToUpperInvariant();
                await writer.WriteLineAsync(verb switch
                {
                    "EHLO" => "250-relay.example\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME",
                    "AUTH" => "235 2.7.0 accepted",
                    "DATA" => "354 go on",
                    "QUIT" => "221 bye",
                    _ => "250 2.0.0 ok",
                });
                if (verb == "DATA") inData = true;
                if (verb == "QUIT") return;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }
}
