using System.Net.Sockets;
using System.Text;

namespace Campaign.Tests.Receiving;

/// <summary>
/// An SMTP client that types commands one by one and reads each reply as a sending mail server would, so a
/// test sees exactly which command was refused and with what code (MailKit checks SIZE itself and hides that).
/// </summary>
public sealed class SmtpConversation : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);

    private readonly TcpClient client;
    private readonly NetworkStream stream;
    private readonly StreamReader reader;

    private SmtpConversation(TcpClient client)
    {
        this.client = client;
        stream = client.GetStream();
        reader = new StreamReader(stream, Encoding.ASCII);
    }

    /// <summary>The EHLO reply's lines, without their codes.</summary>
    public IReadOnlyList<string> Extensions { get; private set; } = [];

    public static async Task<SmtpConversation> OpenAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        var conversation = new SmtpConversation(client);
        var greeting = await conversation.ReadReplyAsync();
        Assert.StartsWith("220", greeting, StringComparison.Ordinal);
        var ehlo = await conversation.SendAsync("EHLO mx.sender.example");
        Assert.StartsWith("250", ehlo, StringComparison.Ordinal);
        conversation.Extensions = ehlo.Split('\n').Select(line => line.Length > 4 ? line[4..] : "").ToList();
        return conversation;
    }

    /// <summary>Sends one command line and returns the whole reply (lines joined by \n).</summary>
    public async Task<string> SendAsync(string command)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        return await ReadReplyAsync();
    }

    /// <summary>Sends a message's text after a 354, dot-stuffed and ended with CRLF.CRLF, and returns the final reply.</summary>
    public async Task<string> SendDataAsync(byte[] message)
    {
        var text = Encoding.ASCII.GetString(message).Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
        if (!text.EndsWith("\r\n", StringComparison.Ordinal)) text += "\r\n";
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text + ".\r\n"));
        }
        catch (IOException)
        {
            // A server that refuses mid-message may close the connection while the text is still coming.
        }

        return await ReadReplyAsync();
    }

    /// <summary>MAIL, RCPT to each recipient, DATA and the message: the replies in that order.</summary>
    public async Task<List<string>> DeliverAsync(string mailFrom, IEnumerable<string> recipients, byte[] message)
    {
        var replies = new List<string> { await SendAsync($"MAIL FROM:<{mailFrom}>") };
        foreach (var recipient in recipients) replies.Add(await SendAsync($"RCPT TO:<{recipient}>"));
        var data = await SendAsync("DATA");
        replies.Add(data);
        if (data.StartsWith("354", StringComparison.Ordinal)) replies.Add(await SendDataAsync(message));
        return replies;
    }

    private async Task<string> ReadReplyAsync()
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        var lines = new List<string>();
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new IOException($"the server closed the connection after: {string.Join(" | ", lines)}");
            lines.Add(line);
            // A multi-line reply continues with "250-"; its last line is "250 ".
            if (line.Length < 4 || line[3] != '-') return string.Join('\n', lines);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await stream.WriteAsync("QUIT\r\n"u8.ToArray());
        }
        catch (IOException)
        {
        }

        reader.Dispose();
        client.Dispose();
    }
}
