using Campaign.Core.Campaigns;

namespace Campaign.Tests.Campaigns;

public sealed class LocalizedTextTests
{
    private static readonly LocalizedText Title = new(new Dictionary<string, string>
    {
        ["en"] = "Let them pass",
        ["ko"] = "지나가게 해 주십시오",
        ["lo"] = " ",
    });

    [Fact]
    public void For_LanguagePresent_GivesThatText() =>
        Assert.Equal("지나가게 해 주십시오", Title.For("ko", "en"));

    [Fact]
    public void For_LanguageMissing_FallsBackToDefault() =>
        Assert.Equal("Let them pass", Title.For("zh", "en"));

    [Fact]
    public void For_LanguageBlank_FallsBackToDefault() =>
        Assert.Equal("Let them pass", Title.For("lo", "en"));

    [Fact]
    public void PickLanguage_RegionalTag_MatchesCampaignLanguageThenFallsBack()
    {
        using var directory = new CampaignDirectory();
        directory.Write("sample-letter.yaml", SampleCampaigns.Letter);
        var campaign = Assert.Single(CampaignFiles.LoadDirectory(directory.Path).Campaigns);

        Assert.Equal("ko", campaign.PickLanguage("ko-KR"));
        Assert.Equal("en", campaign.PickLanguage("fr-FR"));
        Assert.Equal("Let them pass", campaign.Title.For(campaign.PickLanguage("zh-CN"), campaign.DefaultLanguage));
    }
}
