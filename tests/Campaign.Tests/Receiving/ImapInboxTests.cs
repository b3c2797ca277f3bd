using Campaign.Service.Inbound;
using Campaign.Tests.Infrastructure;
using MailKit;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Receiving;

/// <summary>
/// The IMAP inbox against a real dovecot: mail for our addresses is read once and flagged, never deleted;
/// everything else in the folder stays exactly as it was; the inbox outlives the server going away.
/// </summary>
public sealed class ImapInboxTests(InboxService inbox) : IClassFixture<InboxService>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("To")]
    [InlineData("Cc")]
    [InlineData("Delivered-To")]
    [InlineData("X-Original-To")]
    [InlineData("Envelope-To")]
    public async Task MailForOurAddress_IsReadOnce_FlaggedProcessed_AndLeftInTheFolder(string header)
    {
        var marker = InboundMail.Marker();
        var uid = await inbox.AppendAsync(InboundMail.BounceVia(header, inbox.BounceAddress(31), marker));

        await ServiceFixture.EventuallyAsync(async () => (await InboundMail.StoredAsync(inbox.Service, "imap", marker)).Count > 0, Soon, "the bounce is read");
        await inbox.WaitForPollsAsync();

        Assert.Single(await InboundMail.StoredAsync(inbox.Service, "imap", marker));
        var (flags, keywords) = (await inbox.FlagsAsync(uid))!.Value;
        Assert.Contains(ImapFolderReader.Processed, keywords);
        Assert.Equal(MessageFlags.None, flags); // not \Seen, not \Deleted: as it came, plus our keyword
        Assert.Equal(1, await inbox.CountAsync("INBOX", marker));
        inbox.AssertNothingExpunged();
    }

    [Fact]
    public async Task UnrelatedMail_IsLeftExactlyAsItWas()
    {
        var (plain, flagged) = (InboundMail.Marker(), InboundMail.Marker());
        var unread = await inbox.AppendAsync(InboundMail.Unrelated(plain));
        var starred = await inbox.AppendAsync(InboundMail.Unrelated(flagged), MessageFlags.Flagged | MessageFlags.Seen, "$Label1");
        var before = (await inbox.FlagsAsync(unread), await inbox.FlagsAsync(starred));

        // A bounce put in after them is read: the polls have been over the whole folder.
        var ours = InboundMail.Marker();
        await inbox.AppendAsync(InboundMail.Bounce(inbox.BounceAddress(32), ours));
        await ServiceFixture.EventuallyAsync(async () => (await InboundMail.StoredAsync(inbox.Service, "imap", ours)).Count > 0, Soon, "the bounce is read");
        await inbox.WaitForPollsAsync();

        var after = (await inbox.FlagsAsync(unread), await inbox.FlagsAsync(starred));
        Assert.Equal(MessageFlags.None, after.Item1!.Value.Flags);
        Assert.Empty(after.Item1!.Value.Keywords);
        Assert.Equal(MessageFlags.Flagged | MessageFlags.Seen, after.Item2!.Value.Flags);
        Assert.Equal(["$Label1"], after.Item2!.Value.Keywords);
        Assert.Equal((before.Item1!.Value.Flags, before.Item2!.Value.Flags), (after.Item1.Value.Flags, after.Item2.Value.Flags));
        Assert.Empty(await InboundMail.StoredAsync(inbox.Service, "imap", plain));
        Assert.Empty(await InboundMail.StoredAsync(inbox.Service, "imap", flagged));
        Assert.DoesNotContain(inbox.Service.Log.Lines, line => line.Contains("elsewhere.example", StringComparison.OrdinalIgnoreCase)
            || line.Contains(inbox.BounceAddress(32), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task MailLargerThanTheLimit_IsLeftInTheFolder_AndFlaggedTooLarge()
    {
        var marker = InboundMail.Marker();
        var uid = await inbox.AppendAsync(InboundMail.Bounce(inbox.BounceAddress(33), marker, padding: 2 * InboxService.MaxMessageBytes));

        await ServiceFixture.EventuallyAsync(async () => (await inbox.FlagsAsync(uid))!.Value.Keywords.Contains(ImapFolderReader.TooLarge), Soon, "the large bounce is flagged");
        await inbox.WaitForPollsAsync();

        var (flags, keywords) = (await inbox.FlagsAsync(uid))!.Value;
        Assert.Equal(MessageFlags.None, flags);
        Assert.DoesNotContain(ImapFolderReader.Processed, keywords);
        Assert.Empty(await InboundMail.StoredAsync(inbox.Service, "imap", marker));
        Assert.Equal(1, await inbox.CountAsync("INBOX", marker));
    }

    [Fact]
    public async Task DovecotStoppedAndStartedAgain_TheInboxCarriesOnAndReadsWhatCameMeanwhile()
    {
        await inbox.Dovecot.StopAsync();
        await inbox.WaitForPollsAsync();
        Assert.Contains(inbox.Service.Log.Lines, line => line.Contains("IMAP inbox: could not read the mailbox (", StringComparison.Ordinal));

        await inbox.Dovecot.StartAsync();
        var marker = InboundMail.Marker();
        await inbox.AppendAsync(InboundMail.Bounce(inbox.BounceAddress(34), marker));

        await ServiceFixture.EventuallyAsync(async () => (await InboundMail.StoredAsync(inbox.Service, "imap", marker)).Count > 0, Soon, "the bounce is read after the restart");
        inbox.AssertNothingExpunged();
    }

    [Fact]
    public void WithARelayAndNoInboundPort_NoSmtpListenerIsOpen() =>
        Assert.Equal(0, inbox.Service.Service.Services.GetRequiredService<InboundSmtpListener>().Port);
}
