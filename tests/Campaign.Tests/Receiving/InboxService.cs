using Campaign.Core.Deliverability;
using Campaign.Service.Inbound;
using Campaign.Tests.Infrastructure;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Campaign.Tests.Receiving;

/// <summary>
/// A private dovecot and a service polling its INBOX every quarter second (with a relay configured and no
/// <c>Inbound:Port</c>, so no SMTP listener), with every log line kept.
/// </summary>
public class InboxService : IAsyncLifetime
{
    public const int MaxMessageBytes = 64 * 1024;
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public DovecotServer Dovecot { get; private set; } = null!;

    public PollingService Service { get; private set; } = null!;

    /// <summary>More dovecot.conf lines for a derived fixture.</summary>
    protected virtual string DovecotSettings => "";

    public string BounceAddress(long messageId) => Service.Service.Services.GetRequiredService<ReturnPath>().For(messageId);

    public ImapInbox Inbox => Service.Service.Services.GetRequiredService<ImapInbox>();

    public async Task InitializeAsync()
    {
        Dovecot = await DovecotServer.StartAsync(DovecotSettings);
        Service = new PollingService([.. Dovecot.InboxSettings(PollInterval), $"--Inbound:MaxMessageBytes={MaxMessageBytes}", "--Logging:LogLevel:Campaign=Debug"]);
        await Service.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await Dovecot.DisposeAsync();
    }

    /// <summary>Puts a message into INBOX as a mail server delivering it would, with the flags given; returns its UID.</summary>
    public async Task<UniqueId> AppendAsync(byte[] raw, MessageFlags flags = MessageFlags.None, params string[] keywords)
    {
        using var client = await Dovecot.ConnectAsync();
        using var stream = new MemoryStream(raw, writable: false);
        var message = await MimeMessage.LoadAsync(stream);
        var uid = await client.Inbox.AppendAsync(new AppendRequest(message, flags, keywords));
        await client.DisconnectAsync(quit: true);
        return uid ?? throw new InvalidOperationException("dovecot did not say which UID it gave the message");
    }

    /// <summary>The message's flags and keywords as they are now; null once it is no longer in the folder.</summary>
    public async Task<(MessageFlags Flags, IReadOnlySet<string> Keywords)?> FlagsAsync(UniqueId uid, string folder = "INBOX")
    {
        using var client = await Dovecot.ConnectAsync();
        var opened = await client.GetFolderAsync(folder);
        await opened.OpenAsync(FolderAccess.ReadOnly);
        var found = await opened.FetchAsync([uid], new FetchRequest(MessageSummaryItems.Flags | MessageSummaryItems.UniqueId));
        await client.DisconnectAsync(quit: true);
        return found.Count == 0 ? null : (found[0].Flags!.Value & ~MessageFlags.Recent, new HashSet<string>(found[0].Keywords));
    }

    /// <summary>How many messages in the folder carry the marker in their Message-Id (0 while there is no such folder).</summary>
    public async Task<int> CountAsync(string folder, string marker)
    {
        using var client = await Dovecot.ConnectAsync();
        IMailFolder opened;
        try
        {
            opened = await client.GetFolderAsync(folder);
        }
        catch (FolderNotFoundException)
        {
            return 0;
        }

        await opened.OpenAsync(FolderAccess.ReadOnly);
        var found = await opened.SearchAsync(SearchQuery.HeaderContains("Message-ID", marker));
        await client.DisconnectAsync(quit: true);
        return found.Count;
    }

    /// <summary>Waits until the inbox has finished <paramref name="polls"/> more polls, each started after this call.</summary>
    public async Task WaitForPollsAsync(int polls = 2)
    {
        var target = Inbox.PollsCompleted + polls + 1; // the poll under way when called may have started before
        await ServiceFixture.EventuallyAsync(() => Task.FromResult(Inbox.PollsCompleted >= target), TimeSpan.FromSeconds(30), $"{polls} more polls");
    }

    /// <summary>Every session dovecot logged ended with no message expunged or flagged deleted.</summary>
    public void AssertNothingExpunged()
    {
        var sessions = System.Text.RegularExpressions.Regex.Matches(Dovecot.Log, @"deleted=(\d+) expunged=(\d+)");
        Assert.NotEmpty(sessions);
        Assert.All(sessions, s => Assert.Equal(("0", "0"), (s.Groups[1].Value, s.Groups[2].Value)));
    }

    /// <summary>The service, configured to poll the fixture's dovecot.</summary>
    public sealed class PollingService(IEnumerable<string> settings) : ServiceFixture
    {
        public CapturedLog Log { get; } = new();

        protected override IEnumerable<string> ExtraSettings => settings;

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);
    }
}
