using System.Text;
using System.Text.RegularExpressions;
using Campaign.Core.Notices;
using Campaign.Core.Outbox;
using Campaign.Service.Cli;
using Campaign.Service.Hosting;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace Campaign.Tests.Deliverability;

/// <summary>
/// <c>preview --kind</c>, <c>--notice</c> and <c>--share</c>: every kind of message an organizer can look at or
/// pipe into <c>spamassassin -t -L</c>, one message on standard output and nothing else.
/// </summary>
public sealed class PreviewKindTests
{
    private static readonly string Root = RepositoryRoot.Find();
    private static readonly ServiceSettings Settings = ServiceSettings.Read(new ConfigurationBuilder().Build(), Root);
    private static readonly Campaign.Core.Campaigns.CampaignCatalog Shipped = ServiceInstance.LoadCampaigns(Path.Combine(Root, "campaigns"));

    [Fact]
    public async Task Preview_UnknownKind_ExitsTwoWithOneLineNamingTheAcceptedKinds()
    {
        var (exit, stdout, stderr) = await PreviewAsync("laos-let-them-pass", "--kind", "newsletter");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'newsletter'", line, StringComparison.Ordinal);
        Assert.Contains("letter, delivery, confirmation, notice", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_KindConfirmationInKorean_PrintsOnlyTheConfirmationToTheSampleSupporter()
    {
        var (exit, stdout, stderr) = await PreviewAsync("laos-let-them-pass", "--kind", "confirmation", "--lang", "ko");

        Assert.True(exit == 0, stderr);
        var message = SingleMessage(stdout);
        Assert.Equal(PreviewCommand.SampleSupporter.Email, Assert.Single(message.To.Mailboxes).Address);
        Assert.StartsWith("서명을 확인해 주세요", message.Subject, StringComparison.Ordinal);
        Assert.Contains("/confirm/", message.TextBody, StringComparison.Ordinal);
        Assert.NotNull(message.Headers["List-Unsubscribe"]);
    }

    [Fact]
    public async Task Preview_NoticeDelivery_PrintsTheNoticeToTheOrganizerNamingTheTarget()
    {
        var (exit, stdout, stderr) = await PreviewAsync("china-stop-forced-returns", "--notice", "delivery", "--target", "prc-mps");

        Assert.True(exit == 0, stderr);
        var message = SingleMessage(stdout);
        Assert.Equal("organizer@campaign.example", Assert.Single(message.To.Mailboxes).Address);
        Assert.StartsWith("Delivered to Ministry of Public Security of the People's Republic of China: 128 new signatures", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_ShareNo_PrintsOnlyTheAnonymousLetterWithoutAHeading()
    {
        var (exit, stdout, stderr) = await PreviewAsync("laos-let-them-pass", "--share", "no");

        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("====", stdout, StringComparison.Ordinal);
        var message = SingleMessage(stdout);
        Assert.Contains("A supporter of this campaign", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Sample Supporter", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--notice", "birthday", "milestone, opened, closed, delivery")]
    [InlineData("--share", "maybe", "neither yes nor no")]
    public async Task Preview_UnknownNoticeOrShare_ExitsTwoSayingWhatIsAccepted(string option, string value, string accepted)
    {
        var (exit, stdout, stderr) = await PreviewAsync("laos-let-them-pass", option, value);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains(accepted, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_EveryNoticeOccasion_ComposesTheNoticeForThatOccasion()
    {
        var un = Shipped.Find("un-coi-spotlight")!;
        var subjects = PreviewCommand.Notices.ToDictionary(n => n,
            n => PreviewCommand.Preview(un, Shipped, Settings, "ohchr", null, kind: MessageKind.Notice, notice: n).Subject);

        Assert.StartsWith("Milestone: 1,000 signatures", subjects[NoticeEvents.Milestone], StringComparison.Ordinal);
        Assert.StartsWith("Open for signatures", subjects[NoticeEvents.Opened], StringComparison.Ordinal);
        Assert.StartsWith("Closed", subjects[NoticeEvents.Closed], StringComparison.Ordinal);
        Assert.Contains(un.FindTarget("ohchr")!.Name, subjects[NoticeEvents.Delivery], StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_KindTheCampaignDoesNotSend_Refuses()
    {
        var laos = Shipped.Find("laos-let-them-pass")!;
        var china = Shipped.Find("china-stop-forced-returns")!;

        Assert.Contains("sends its targets a letter", Assert.Throws<StartupException>(
            () => PreviewCommand.Preview(laos, Shipped, Settings, null, null, kind: MessageKind.Delivery)).Message, StringComparison.Ordinal);
        Assert.Contains("sends its targets a delivery", Assert.Throws<StartupException>(
            () => PreviewCommand.Preview(china, Shipped, Settings, null, null, kind: MessageKind.Letter)).Message, StringComparison.Ordinal);
    }

    private static MimeMessage SingleMessage(string stdout)
    {
        // A mail tool reads standard output as one message: headers from the first line (the signature the
        // service adds on its way out), and only one message.
        Assert.StartsWith("DKIM-Signature: v=1; a=rsa-sha256;", stdout, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(stdout, "^MIME-Version:", RegexOptions.Multiline));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(stdout));
        return MimeMessage.Load(stream);
    }

    private static Task<(int Exit, string Stdout, string Stderr)> PreviewAsync(params string[] words) => ServiceVerb.RunAsync(["preview", .. words]);
}
