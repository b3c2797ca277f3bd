using System.Text;
using Campaign.Core.Campaigns;
using Campaign.Service.Cli;
using Campaign.Service.Hosting;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace Campaign.Tests.Organizers;

/// <summary>
/// <c>preview</c> on the shipped campaigns: the exact message, parsed back with MimeKit, in every language —
/// Korean, Chinese and Lao text intact, UTF-8 parts and encoded headers.
/// </summary>
public sealed class PreviewTests
{
    private static readonly string Root = RepositoryRoot.Find();
    private static readonly ServiceSettings Settings = ServiceSettings.Read(new ConfigurationBuilder().Build(), Root);
    private static readonly CampaignCatalog Shipped = ServiceInstance.LoadCampaigns(Path.Combine(Root, "campaigns"));

    /// <summary>What the verb prints, read back the way a mail client would.</summary>
    private static (MimeMessage Message, string Raw) PreviewOf(string slug, string? target, string? language, bool share = true)
    {
        var message = PreviewCommand.Preview(Shipped.Find(slug)!, Shipped, Settings, target, language, share);
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        buffer.Position = 0;
        return (MimeMessage.Load(buffer), Encoding.ASCII.GetString(buffer.ToArray()));
    }

    public static TheoryData<string, string> LaosLetterLanguages => new()
    {
        { "en", "Please let North Korean refugees pass safely" },
        { "ko", "북한 난민이 안전하게 지나갈 수 있게" },
        { "zh", "请让朝鲜难民安全通过" },
        { "lo", "ກະລຸນາໃຫ້ຊາວອົບພະຍົບເກົາຫຼີເໜືອຜ່ານໄປຢ່າງປອດໄພ" },
    };

    [Theory]
    [MemberData(nameof(LaosLetterLanguages))]
    public void Preview_LaosLetter_EachLanguageArrivesIntact(string language, string subjectStart)
    {
        var laos = Shipped.Find("laos-let-them-pass")!;

        var (mail, raw) = PreviewOf(laos.Slug, "lao-mps", language);

        Assert.StartsWith(subjectStart, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Ministry of Public Security of the Lao PDR", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Sample Supporter", mail.TextBody, StringComparison.Ordinal);
        var firstLine = laos.Letter!.Body.Values[language].Split('\n')[2];
        Assert.Contains(firstLine.Trim(), mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(firstLine.Trim(), mail.HtmlBody, StringComparison.Ordinal);
        Assert.All(mail.BodyParts.OfType<TextPart>(), p => Assert.Equal("utf-8", p.ContentType.Charset, ignoreCase: true));
        if (language != "en") Assert.Contains("Subject: =?utf-8?", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("sandbox@campaign.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("mps@laos-government.example", mail.Headers["X-Campaign-Target"]);
    }

    [Theory]
    [InlineData("china-stop-forced-returns", "prc-mfa", null, "停止强制遣返朝鲜人")]
    [InlineData("china-stop-forced-returns", "prc-mps", "lo", "ຢຸດການບັງຄັບສົ່ງຊາວເກົາຫຼີເໜືອກັບຄືນ")]
    [InlineData("china-stop-forced-returns", "prc-mfa", "ko", "북한 주민의 강제송환을 멈춰 주십시오")]
    [InlineData("un-coi-spotlight", "un-sr-dprk", null, "Seek information about the nine young people")]
    [InlineData("un-coi-spotlight", "ohchr", "ko", "아홉 젊은이에 대한 정보를")]
    public void Preview_Petition_ShowsTheDeliveryToTheTarget(string slug, string target, string? language, string petitionWords)
    {
        var campaign = Shipped.Find(slug)!;

        var (mail, _) = PreviewOf(slug, target, language);

        Assert.Contains(petitionWords, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("1,234", mail.TextBody, StringComparison.Ordinal); // the sample total
        Assert.Contains("- KR: 812", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(campaign.FindTarget(target)!.Email, mail.Headers["X-Campaign-Target"]);
        Assert.Equal(campaign.Organizers, mail.ReplyTo.Mailboxes.Select(m => m.Address));
        var csv = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal("text/csv", csv.ContentType.MimeType);
        using var content = new MemoryStream();
        csv.Content!.DecodeTo(content);
        Assert.Equal("Name,Country\r\nSample Supporter,KR\r\nAnother Signer,US\r\n", Encoding.UTF8.GetString(content.ToArray()).ReplaceLineEndings("\r\n"));
    }

    [Fact]
    public void Preview_EveryShippedCampaignTargetAndLanguage_ComposesInThatLanguage()
    {
        foreach (var campaign in Shipped.All)
        {
            foreach (var target in campaign.Targets)
            {
                foreach (var language in campaign.Languages)
                {
                    var (mail, _) = PreviewOf(campaign.Slug, target.Id, language);
                    var expected = campaign.Kind == CampaignKind.Letter
                        ? campaign.Letter!.Subject.For(language, campaign.DefaultLanguage)
                        : campaign.Title.For(language, campaign.DefaultLanguage);
                    Assert.Contains(expected, mail.Subject, StringComparison.Ordinal);
                    Assert.Equal(target.Email, mail.Headers["X-Campaign-Target"]);
                    Assert.Contains($"lang=\"{language}\"", mail.HtmlBody, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Preview_UnknownTargetOrLanguage_Refuses()
    {
        Assert.Throws<StartupException>(() => PreviewOf("laos-let-them-pass", "nobody", null));
        Assert.Throws<StartupException>(() => PreviewOf("un-coi-spotlight", null, "zh"));
    }

    [Theory]
    [InlineData("en", "A supporter of this campaign")]
    [InlineData("ko", "이 캠페인의 한 지지자")]
    [InlineData("zh", "本次行动的一位支持者")]
    [InlineData("lo", "ຜູ້ສະໜັບສະໜູນແຄມເປນນີ້ຄົນໜຶ່ງ")]
    public void Preview_LaosLetterWithoutShare_IsSignedAnonymouslyFromTheCampaign(string language, string signature)
    {
        var laos = Shipped.Find("laos-let-them-pass")!;

        var (mail, raw) = PreviewOf(laos.Slug, "lao-mfa", language, share: false);

        Assert.DoesNotContain("Sample Supporter", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("supporter@example.org", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Sample Supporter", mail.TextBody + mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(signature, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(signature, mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain($"{signature}, KR", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(laos.Title.For(language, "en"), Assert.Single(mail.From.Mailboxes).Name);
        Assert.Equal("campaigns@campaign.example", Assert.Single(mail.ReplyTo.Mailboxes).Address);
    }

    [Fact]
    public void Preview_LaosLetterWithShare_IsSignedWithTheSampleNameAndCountryButNoAddress()
    {
        var (mail, raw) = PreviewOf("laos-let-them-pass", "lao-mfa", "en", share: true);

        Assert.Contains("Sample Supporter, KR", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("Sample Supporter", Assert.Single(mail.From.Mailboxes).Name);
        Assert.DoesNotContain("supporter@example.org", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedLetterCampaigns_ForbidRepliesAndSignAnonymouslyInEveryLanguage()
    {
        foreach (var campaign in Shipped.All.Where(c => c.Kind == CampaignKind.Letter))
        {
            Assert.False(campaign.Letter!.AllowReplies);
            var file = File.ReadAllText(campaign.SourcePath);
            Assert.Contains("allow_replies: false", file, StringComparison.Ordinal);
            Assert.All(campaign.Languages, l => Assert.Contains(campaign.Letter.AnonymousSignature.Values[l], file, StringComparison.Ordinal));
        }
    }
}
