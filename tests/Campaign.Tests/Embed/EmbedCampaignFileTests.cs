using Campaign.Core.Campaigns;
using Campaign.Tests.Campaigns;

namespace Campaign.Tests.Embed;

/// <summary><c>embed:</c> and <c>share:</c> in a campaign file: what they give the service, and each mistake at its line.</summary>
public sealed class EmbedCampaignFileTests : IDisposable
{
    private readonly CampaignDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private static string WithKeys(string keys) => SampleCampaigns.Letter + keys;

    private CampaignDefinition Valid(string yaml)
    {
        directory.Write("sample-letter.yaml", yaml);
        var result = CampaignFiles.LoadDirectory(directory.Path);
        Assert.Empty(result.Problems);
        return Assert.Single(result.Campaigns);
    }

    private CampaignProblem SingleProblem(string yaml)
    {
        var path = directory.Write("sample-letter.yaml", yaml);
        var result = CampaignFiles.LoadDirectory(directory.Path);
        Assert.Empty(result.Campaigns);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(path, problem.File);
        return problem;
    }

    [Fact]
    public void Load_WithoutEmbedOrShare_NobodyMayFrameAndEachChannelCarriesItsOwnName()
    {
        var campaign = Valid(SampleCampaigns.Letter);

        Assert.Empty(campaign.Embed.AllowedOrigins);
        Assert.False(campaign.Embed.Allows("https://partner.example"));
        Assert.Null(campaign.Share.Text);
        Assert.Equal("whatsapp", campaign.Share.CodeFor("whatsapp"));
        Assert.True(campaign.Share.IsCode("email"));
        Assert.False(campaign.Share.IsCode("poster"));
    }

    [Fact]
    public void Load_EmbedAndShare_GivesTheOriginsTextAndCodes()
    {
        var campaign = Valid(WithKeys("""
            embed:
              allowed_origins: [https://Partner.example, "http://localhost:8080", "https://ngo.example:443"]
            share:
              text: { en: "Sign for safe passage", ko: "안전한 통과를 위해 서명해 주세요" }
              refs: { whatsapp: wa, email: mail }
              other_refs: [poster, partner-news]

            """));

        Assert.Equal(["https://partner.example", "http://localhost:8080", "https://ngo.example"], campaign.Embed.AllowedOrigins);
        Assert.True(campaign.Embed.Allows("http://localhost:8080"));
        Assert.False(campaign.Embed.Allows("http://localhost:8081"));
        Assert.False(campaign.Embed.Allows("https://partner.example.evil.example"));
        Assert.Equal("안전한 통과를 위해 서명해 주세요", campaign.Share.Text!.For("ko", "en"));
        Assert.Equal("wa", campaign.Share.CodeFor("whatsapp"));
        Assert.Equal("mail", campaign.Share.CodeFor("email"));
        Assert.Equal("telegram", campaign.Share.CodeFor("telegram"));
        Assert.True(campaign.Share.IsCode("poster"));
        Assert.False(campaign.Share.IsCode("whatsapp"));
    }

    [Theory]
    [InlineData("https://partner.example/page")]
    [InlineData("https://partner.example/")]
    [InlineData("partner.example")]
    [InlineData("*")]
    [InlineData("https://*.partner.example")]
    [InlineData("ftp://partner.example")]
    [InlineData("https://partner.example?x=1")]
    [InlineData("https://user@partner.example")]
    public void Load_AllowedOriginThatIsNotAnOrigin_IsAProblemAtItsLine(string origin)
    {
        var yaml = WithKeys($"""
            embed:
              allowed_origins:
                - https://ok.example
                - "{origin}"

            """);

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, $"- \"{origin}\""), problem.Line);
        Assert.Equal($"embed.allowed_origins[1]: '{origin}' is not an origin; write the scheme and host (and a port when it is not the default), like https://partner.example, with no path",
            problem.Message);
    }

    [Fact]
    public void Load_OriginListedTwice_IsAProblemAtTheSecond()
    {
        var yaml = WithKeys("""
            embed:
              allowed_origins:
                - https://partner.example
                - https://PARTNER.example

            """);

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "- https://PARTNER.example"), problem.Line);
        Assert.Equal("embed.allowed_origins[1]: 'https://PARTNER.example' is listed twice", problem.Message);
    }

    [Fact]
    public void Load_UnknownKeyUnderEmbed_IsAProblem()
    {
        var yaml = WithKeys("embed:\n  allowed_origin: [https://partner.example]\n");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "allowed_origin:"), problem.Line);
        Assert.Equal("unknown key 'embed.allowed_origin'", problem.Message);
    }

    [Theory]
    [InlineData("WA")]
    [InlineData("wa_1")]
    [InlineData("a-code-that-is-far-too-long-for-a-link")]
    [InlineData("\"\"")]
    public void Load_RefCodeOfTheWrongShape_IsAProblemAtItsLine(string code)
    {
        var yaml = WithKeys($"share:\n  refs:\n    email: mail\n    whatsapp: {code}\n");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "whatsapp:"), problem.Line);
        Assert.Equal($"share.refs.whatsapp: '{code.Trim('"')}' is not a share code; use 1-32 characters of a-z, 0-9 and '-'", problem.Message);
    }

    [Fact]
    public void Load_UnknownChannelUnderRefs_IsAProblem()
    {
        var yaml = WithKeys("share:\n  refs:\n    kakaotalk: kt\n");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "kakaotalk:"), problem.Line);
        Assert.Equal("unknown key 'share.refs.kakaotalk'", problem.Message);
    }

    [Fact]
    public void Load_OneCodeForTwoSources_IsAProblemAtTheSecond()
    {
        var yaml = WithKeys("share:\n  refs:\n    email: wa\n    whatsapp: wa\n");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "whatsapp: wa"), problem.Line);
        Assert.Equal("share.refs.whatsapp: 'wa' is already the code of share.refs.email; each source needs its own code", problem.Message);
    }

    [Fact]
    public void Load_OtherRefThatIsAChannelsDefaultCode_IsAProblem()
    {
        var yaml = WithKeys("share:\n  other_refs:\n    - poster\n    - telegram\n");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "- telegram"), problem.Line);
        Assert.Equal("share.other_refs[1]: 'telegram' is already the code of share.refs.telegram (its default); each source needs its own code", problem.Message);
    }

    [Fact]
    public void Load_ShareTextInALanguageNotListed_IsAProblemAtItsLine()
    {
        var yaml = WithKeys("share:\n  text:\n    en: \"Sign\"\n    lo: \"ລົງລາຍເຊັນ\"\n");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "lo: "), problem.Line);
        Assert.Equal("share.text.lo: language 'lo' is not listed in languages", problem.Message);
    }
}
