using Campaign.Service.Embedded;
using Campaign.Tests.Infrastructure;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Campaign.Tests.Embedded;

public sealed class CaptureSmtpServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Send_ThreeMessagesOverOneConnection_AllArriveWithEnvelopeAndContentIntact()
    {
        await using var mailbox = await TestMailbox.StartAsync();
        var sent = Enumerable.Range(1, 3).Select(i => Letter(i)).ToList();

        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", mailbox.Port, SecureSocketOptions.None);
            foreach (var message in sent)
            {
                await client.SendAsync(message);
            }

            await client.DisconnectAsync(quit: true);
        }

        foreach (var message in sent)
        {
            var mail = await mailbox.WaitForAsync(m => TestMailbox.Parse(m).MessageId == message.MessageId, Timeout);
            var parsed = TestMailbox.Parse(mail);
            Assert.Equal("campaigns@example.org", mail.MailFrom);
            Assert.Equal(["laos@example.gov", "coi-dprk@example.int"], mail.Recipients);
            Assert.Equal(message.Subject, parsed.Subject);
            Assert.Equal(message.TextBody, parsed.TextBody?.TrimEnd());
        }

        Assert.Equal(3, mailbox.Received.Count);
    }

    [Fact]
    public async Task Send_WhenHandlerThrows_ClientGetsTransient4xx()
    {
        await using var mailbox = await TestMailbox.StartAsync();
        mailbox.Fault = _ => new InvalidOperationException("storage is down");

        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", mailbox.Port, SecureSocketOptions.None);
        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Letter(1)));

        Assert.InRange((int)error.StatusCode, 400, 499);
        Assert.Empty(mailbox.Received);

        // The session survives a refused message: the sender can retry on the same connection.
        mailbox.Fault = _ => null;
        await client.SendAsync(Letter(2));
        Assert.Single(mailbox.Received);
    }

    [Fact]
    public async Task StartAsync_PortZero_ListensOnAFreePortAndStopReleasesIt()
    {
        var server = await CaptureSmtpServer.StartAsync(0, (_, _) => Task.CompletedTask, NullLogger.Instance, CancellationToken.None);
        var port = server.Port;
        Assert.NotEqual(0, port);

        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await server.StopAsync();
        }

        using var again = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => again.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task Send_ManyMessagesOverOneConnection_IsNotThrottledByNagle()
    {
        // Without TCP_NODELAY on accepted sockets each message waits ~44 ms for a delayed ACK: 200 take ~9 s.
        await using var mailbox = await TestMailbox.StartAsync();
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", mailbox.Port, SecureSocketOptions.None);
        await client.SendAsync(Letter(0));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 1; i <= 200; i++)
        {
            await client.SendAsync(Letter(i));
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"200 messages took {watch.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(201, mailbox.Received.Count);
    }

    private static MimeMessage Letter(int number)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Free the Nine", "campaigns@example.org"));
        message.To.Add(new MailboxAddress("Government of Laos", "laos@example.gov"));
        message.Cc.Add(new MailboxAddress("UN COI DPRK", "coi-dprk@example.int"));
        message.Subject = $"탈북민 강제송환을 중단하십시오 #{number}";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        message.Body = new TextPart("plain")
        {
            Text = $"라오스에서 체포된 탈북민 아홉 명의 중국 송환에 반대합니다. 편지 {number}.\n.\n.leading dot stays",
        };
        return message;
    }
}
