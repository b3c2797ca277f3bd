using Campaign.Core.Campaigns;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Updates;

/// <summary>Update files are validated like campaign files: every problem names its file and line.</summary>
public sealed class UpdateFilesTests
{
    [Fact]
    public void Load_ValidUpdate_HasItsTitleBodyAndMomentPerLanguage()
    {
        using var campaigns = Campaigns(("news", UpdateFile.Bilingual("News", "소식")));

        var update = Assert.Single(CampaignFiles.LoadDirectory(campaigns.Path).Campaigns.Single(c => c.Slug == TestCampaigns.Petition).Updates);

        Assert.Equal("news", update.Id);
        Assert.Equal("소식", update.Title.For("ko", "en"));
        Assert.StartsWith("**News**", update.Body.For("en", "en"), StringComparison.Ordinal);
        Assert.StartsWith("**소식**", update.Body.For("ko", "en"), StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), update.SendAt);
    }

    [Theory]
    [InlineData("---\ntitle: { en: \"A\" }\n---\nBody", 2, "send_at")]
    [InlineData("---\ntitle: { en: \"A\" }\nsend_at: soon\n---\nBody", 3, "send_at: 'soon' is not an ISO 8601 timestamp")]
    [InlineData("---\ntitle: { en: \"A\", fr: \"B\" }\nsend_at: 2026-01-01T00:00:00Z\n---\nBody", 2, "title.fr")]
    [InlineData("---\ntitle: { en: \"A\" }\nsend_at: 2026-01-01T00:00:00Z\nsender: me\n---\nBody", 4, "sender")]
    [InlineData("---\ntitle: { en: \"A\" }\nsend_at: 2026-01-01T00:00:00Z\n---\nBody\n\n<!-- lo -->\nLao", 7, "body.lo: language 'lo' is not listed")]
    [InlineData("---\ntitle: { en: \"A\" }\nsend_at: 2026-01-01T00:00:00Z\n---\n[click](javascript:alert(1))", 5, "javascript:alert(1)")]
    [InlineData("---\ntitle: { en: \"A\" }\nsend_at: 2026-01-01T00:00:00Z\n---\n\n", 5, "body.en: expected text")]
    [InlineData("title: A\n", 1, "front matter")]
    public void Load_BadUpdate_NamesFileAndLine(string content, int line, string says)
    {
        using var campaigns = Campaigns(("bad-news", content));

        var result = CampaignFiles.LoadDirectory(campaigns.Path);

        var problem = Assert.Single(result.Problems);
        Assert.EndsWith(Path.Combine(TestCampaigns.Petition, "updates", "bad-news.md"), problem.File, StringComparison.Ordinal);
        Assert.Equal(line, problem.Line);
        Assert.Contains(says, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UpdateNamedWithCapitals_IsRefused()
    {
        using var campaigns = Campaigns(("Big News", UpdateFile.Bilingual("A", "B")));

        var problem = Assert.Single(CampaignFiles.LoadDirectory(campaigns.Path).Problems);

        Assert.Contains("lower-case letters", problem.Message, StringComparison.Ordinal);
    }

    private static TempDirectory Campaigns(params (string Id, string Content)[] updates)
    {
        var directory = new TempDirectory("update-files");
        TestCampaigns.WriteAll(directory.Path);
        foreach (var (id, content) in updates) UpdateFile.Write(directory.Path, TestCampaigns.Petition, id, content);
        return directory;
    }
}
