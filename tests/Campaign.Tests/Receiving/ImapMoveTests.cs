using Campaign.Service.Inbound;
using Campaign.Tests.Infrastructure;
using MailKit;

namespace Campaign.Tests.Receiving;

/// <summary>
/// A server that advertises keywords but refuses ours (here dovecot with keywords of at most eight
/// characters): read mail is moved to Campaign-processed, made for it, and still read only once.
/// </summary>
public sealed class ImapMoveTests(ImapMoveTests.ShortKeywordsInbox inbox) : IClassFixture<ImapMoveTests.ShortKeywordsInbox>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    public sealed class ShortKeywordsInbox : InboxService
    {
        protected override string DovecotSettings => "mail_max_keyword_length = 8";
    }

    [Fact]
    public async Task KeywordRefused_ReadMailIsMovedToCampaignProcessed_OnceAndWithoutExpunging()
    {
        var (ours, other) = (InboundMail.Marker(), InboundMail.Marker());
        var unrelated = await inbox.AppendAsync(InboundMail.Unrelated(other), MessageFlags.Flagged, "$Label1");
        await inbox.AppendAsync(InboundMail.Bounce(inbox.BounceAddress(51), ours));

        await ServiceFixture.EventuallyAsync(async () => await inbox.CountAsync(ImapFolderReader.ProcessedFolder, ours) == 1, Soon, "the bounce is moved");
        await inbox.WaitForPollsAsync();

        Assert.Single(await InboundMail.StoredAsync(inbox.Service, "imap", ours));
        Assert.Equal(0, await inbox.CountAsync("INBOX", ours));
        var (flags, keywords) = (await inbox.FlagsAsync(unrelated))!.Value;
        Assert.Equal(MessageFlags.Flagged, flags);
        Assert.Equal(["$Label1"], keywords);
        Assert.Contains(inbox.Service.Log.Lines, line => line.Contains("refused our keyword", StringComparison.Ordinal));
        inbox.AssertNothingExpunged();
    }
}
