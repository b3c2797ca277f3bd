using Campaign.Core.Relay;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Tests.Sending;

/// <summary>
/// Where a broken connection leaves a message (SPEC §6): before its data went out the relay cannot have it
/// and it may be retried; once the data went out whole it may have arrived, and the outcome is unknown.
/// </summary>
public sealed class SmtpRelayTests : IAsyncDisposable
{
    private static readonly MailboxAddress Sender = new("Campaign", "campaign@campaign.example");
    private readonly FaultySmtpServer server;
    private readonly SmtpRelay relay;

    public SmtpRelayTests()
    {
        server = FaultySmtpServer.Start();
        relay = new SmtpRelay(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None }));
    }

    [Fact]
    public async Task DroppedAtData_NothingWasSent_TheRelayIsDownNotTheMessageUnknown()
    {
        server.DropAtData = _ => true;

        var result = await SendAsync(Message("at-data"));

        Assert.Equal(SendVerdict.RelayDown, result.Verdict);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task DroppedAfterTheData_TheRelayMayHaveIt_Unknown()
    {
        server.DropAfterData = _ => true;

        var result = await SendAsync(Message("after-data"));

        Assert.Equal(SendVerdict.Unknown, result.Verdict);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task ALineOfOneDot_InTheMessage_ArrivesIntact_AndTheNextDropIsStillJudgedRight()
    {
        var dotted = Message("dotted", "before\r\n.\r\nafter\r\n.");
        Assert.Equal(SendVerdict.Sent, (await SendAsync(dotted)).Verdict);
        Assert.Contains("before\n.\nafter", MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(server.Messages.Single().Raw))).TextBody, StringComparison.Ordinal);

        // Same connection, next message: what the previous one wrote must not count for this one.
        server.DropAtData = _ => true;
        var next = await SendAsync(Message("next"));
        Assert.Equal(SendVerdict.RelayDown, next.Verdict);
    }

    [Fact]
    public void DataEnd_SplitAcrossWrites_IsSeen_AndCommandsAreNotMistakenForIt()
    {
        var watch = new DataEndWatch();
        Write(watch, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
        Assert.False(watch.Written);
        Write(watch, "Subject: x\r\n\r\nbody\r\n..\r\n");   // a stuffed dot line is not the end
        Assert.False(watch.Written);
        Write(watch, "last line\r\n.");
        Assert.False(watch.Written);
        Write(watch, "\r");
        Write(watch, "\n");
        Assert.True(watch.Written);

        watch.Reset();
        Assert.False(watch.Written);
    }

    private Task<SendResult> SendAsync(MimeMessage message) =>
        relay.SendAsync(message, Sender, message.To.Mailboxes, CancellationToken.None);

    private static void Write(DataEndWatch watch, string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        watch.LogClient(bytes, 0, bytes.Length);
    }

    private static MimeMessage Message(string name, string text = "hello")
    {
        var message = new MimeMessage { Subject = name, MessageId = $"{name}@campaign.example" };
        message.From.Add(Sender);
        message.To.Add(new MailboxAddress("", $"{name}@example.org"));
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        await relay.DisposeAsync();
        await server.DisposeAsync();
    }
}
