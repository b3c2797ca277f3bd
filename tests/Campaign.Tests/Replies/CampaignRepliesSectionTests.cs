using Campaign.Core.Campaigns;
using Campaign.Core.Replies;
using Campaign.Service.Pages;
using Campaign.Tests.Campaigns;

namespace Campaign.Tests.Replies;

/// <summary>The campaign page's "Replies from targets" section in each of its four languages, as the page renders it.</summary>
public sealed class CampaignRepliesSectionTests : IDisposable
{
    private readonly CampaignDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("en", "Replies from targets", "automatic reply")]
    [InlineData("ko", "대상 기관의 답장", "자동 회신")]
    [InlineData("zh", "收件方的回复", "自动回复")]
    [InlineData("lo", "ຄຳຕອບຈາກຜູ້ຮັບ", "ຕອບກັບອັດຕະໂນມັດ")]
    public void Section_InEachLanguage_NamesTheTargetAndDay_AndShowsTheExcerptAsText(string language, string heading, string automatic)
    {
        directory.Write("sample-letter.yaml", SampleCampaigns.Letter);
        var campaign = Assert.Single(CampaignFiles.LoadDirectory(directory.Path).Campaigns);
        var words = SupporterPageTexts.For(language);
        ReplyBook.Published[] published =
        [
            new(1, "lao-mfa", ReplyKinds.Reply, new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc), "We will <b>review</b> it.\n\nSecond paragraph."),
            new(2, "lao-mps", ReplyKinds.AutoReply, new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc), "Received."),
        ];

        var html = CampaignReplies.Render(campaign, published, words);

        Assert.Contains($"<h2>{heading}</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Ministry of Foreign Affairs", html, StringComparison.Ordinal);
        Assert.Contains("2026-12-02", html, StringComparison.Ordinal);
        Assert.Contains("<p>We will &lt;b&gt;review&lt;/b&gt; it.</p><p>Second paragraph.</p>", html, StringComparison.Ordinal);
        Assert.Contains($"({automatic})", html[html.IndexOf("data-reply=\"2\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.DoesNotContain(automatic, html[..html.IndexOf("data-reply=\"2\"", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Equal("", CampaignReplies.Render(campaign, [], words));
    }
}
