using Campaign.Service.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Campaign.Tests.Infrastructure;

/// <summary>A capture SMTP server on a free loopback port that keeps every message it receives.</summary>
public sealed class TestMailbox : IAsyncDisposable
{
    private readonly List<CapturedMail> received = [];
    private readonly Lock gate = new();
    private readonly SemaphoreSlim arrived = new(0);
    private CaptureSmtpServer? server;

    private TestMailbox()
    {
    }

    public int Port => server?.Port ?? throw new InvalidOperationException("The mailbox is not started.");

    /// <summary>A snapshot of everything received so far, in arrival order.</summary>
    public IReadOnlyList<CapturedMail> Received
    {
        get
        {
            lock (gate)
            {
                return [.. received];
            }
        }
    }

    /// <summary>Set to make the server refuse messages (it answers 451), to test a sender's retry path.</summary>
    public Func<CapturedMail, Exception?> Fault { get; set; } = _ => null;

    public static async Task<TestMailbox> StartAsync()
    {
        var mailbox = new TestMailbox();
        mailbox.server = await CaptureSmtpServer.StartAsync(0, mailbox.AcceptAsync, NullLogger.Instance, CancellationToken.None);
        return mailbox;
    }

    public static MimeMessage Parse(CapturedMail mail)
    {
        using var stream = new MemoryStream(mail.Raw, writable: false);
        return MimeMessage.Load(stream);
    }

    /// <summary>Waits for a message matching <paramref name="match"/>, including one that already arrived.</summary>
    public async Task<CapturedMail> WaitForAsync(Func<CapturedMail, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var found = Received.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching message within {timeout}; {Received.Count} message(s) received.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        arrived.Dispose();
    }

    private Task AcceptAsync(CapturedMail mail, CancellationToken ct)
    {
        if (Fault(mail) is { } fault)
        {
            throw fault;
        }

        lock (gate)
        {
            received.Add(mail);
        }

        // Wake any waiter; each one re-checks the whole list, so extra releases are harmless.
        arrived.Release();
        return Task.CompletedTask;
    }
}
