using Campaign.Core.Inbound;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Inbound;

/// <summary>
/// Polls the mailbox where bounces land (<c>Inbound:Imap:*</c>) every <c>PollInterval</c>: mail for our
/// addresses is read into <see cref="InboundMailbox"/> once and marked, everything else in the folder is left
/// exactly as it was. Nothing is ever deleted or expunged. A server that is down, or a database that is, costs
/// one poll: what was not marked is read on the next.
/// </summary>
public sealed partial class ImapInbox(
    InboundMailbox mailbox, InboundAddresses addresses, IOptions<InboundOptions> inbound, TimeProvider clock, ILogger<ImapInbox> logger)
    : BackgroundService
{
    public const string Source = "imap";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    // Mail that is not ours is looked at once per process, not at every poll (see ImapFolderReader).
    private readonly ImapFolderMemory memory = new();
    private long polls;

    /// <summary>How many polls have finished, well or not: lets a test wait for the next one.</summary>
    public long PollsCompleted => Interlocked.Read(ref polls);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(inbound.Value.Imap.PollInterval, clock);
        do
        {
            await PollAsync(stoppingToken);
            Interlocked.Increment(ref polls);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    // Host, Username and Password are checked at start-up (InboundMailServices) before this is registered.
    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var options = inbound.Value.Imap;
        try
        {
            using var client = new ImapClient { Timeout = (int)CommandTimeout.TotalMilliseconds };
            await client.ConnectAsync(options.Host!, options.Port, InboundMailServices.SocketOptions(options.Security), cancellationToken);
            await client.AuthenticateAsync(options.Username!, options.Password!, cancellationToken);
            var folder = await client.GetFolderAsync(options.Folder, cancellationToken);
            await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);

            var reader = new ImapFolderReader(client, folder, mailbox, addresses, memory, inbound.Value.MaxMessageBytes, logger);
            var outcome = await reader.ReadAsync(cancellationToken);
            if (outcome.Read > 0 || outcome.TooLarge > 0) LogPolled(outcome.Read, outcome.TooLarge);

            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The type says enough (SocketException, AuthenticationException, NpgsqlException…); a server's
            // message text could echo the account name.
            LogPollFailed(e.GetType().Name, options.PollInterval);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "IMAP inbox: read {Read} message(s) for our addresses; left {TooLarge} too large to read")]
    private partial void LogPolled(int read, int tooLarge);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP inbox: could not read the mailbox ({Failure}); trying again in {Interval}")]
    private partial void LogPollFailed(string failure, TimeSpan interval);
}
