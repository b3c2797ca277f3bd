using Campaign.Core.Campaigns;

namespace Campaign.Tests.Campaigns;

public sealed class CampaignFilesTests : IDisposable
{
    private readonly CampaignDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void LoadDirectory_ValidLetter_ReadsEveryFieldAndDefaults()
    {
        var path = directory.Write("sample-letter.yaml", SampleCampaigns.Letter);

        var result = CampaignFiles.LoadDirectory(directory.Path);

        Assert.Empty(result.Problems);
        var campaign = Assert.Single(result.Campaigns);
        Assert.Equal("sample-letter", campaign.Slug);
        Assert.Equal(CampaignKind.Letter, campaign.Kind);
        Assert.Equal(CampaignStatus.Active, campaign.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), campaign.Opens);
        Assert.Equal(new DateTimeOffset(2027, 6, 30, 0, 0, 0, TimeSpan.Zero), campaign.Closes);
        Assert.Equal(100, campaign.Goal);
        Assert.Equal(180, campaign.RetentionDays);
        Assert.Equal([10, 50, 100], campaign.Milestones);
        Assert.Equal(["en", "ko"], campaign.Languages);
        Assert.Equal(["organizer@campaign.example"], campaign.Organizers);
        Assert.Equal("지나가게 해 주십시오", campaign.Title.For("ko", campaign.DefaultLanguage));
        Assert.Equal(path, campaign.SourcePath);
        Assert.Null(campaign.PetitionText);
        Assert.Null(campaign.Delivery);

        var (first, second) = (campaign.Targets[0], campaign.Targets[1]);
        Assert.Equal(new Target("lao-mfa", "Ministry of Foreign Affairs", "LA", "mfa@laos-government.example", "en", "Asia/Vientiane", 30, first.OfficeHours), first);
        Assert.Equal("Mon-Fri 08:00-16:00", first.OfficeHours?.Text);
        Assert.Equal("ko", second.Language);
        Assert.Equal(5, second.MaxPerHour);
        Assert.Null(second.OfficeHours);

        Assert.NotNull(campaign.Letter);
        Assert.True(campaign.Letter.Editable);
        Assert.Equal("Please let them pass", campaign.Letter.Subject.For("ko", "en"));
    }

    [Fact]
    public void LoadDirectory_ValidPetition_ReadsDeliveryPlan()
    {
        directory.Write("sample-petition.yaml", SampleCampaigns.Petition);

        var result = CampaignFiles.LoadDirectory(directory.Path);

        Assert.Empty(result.Problems);
        var campaign = Assert.Single(result.Campaigns);
        Assert.Equal(CampaignKind.Petition, campaign.Kind);
        Assert.Null(campaign.Letter);
        Assert.Equal("We call on the government to stop.", campaign.PetitionText?.For("en", "en"));
        Assert.Equal(new DeliveryPlan("0 9 * * 1", OnMilestones: true, AttachCsv: false), campaign.Delivery);
        Assert.Empty(campaign.Organizers);
        Assert.Empty(campaign.Summary.Values);
    }

    [Fact]
    public void LoadDirectory_MissingDirectory_ReportsOneProblemAtLineZero()
    {
        var missing = Path.Combine(directory.Path, "nowhere");

        var result = CampaignFiles.LoadDirectory(missing);

        Assert.Empty(result.Campaigns);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(new CampaignProblem(missing, 0, "campaign directory does not exist"), problem);
    }

    [Fact]
    public void LoadDirectory_BrokenFile_ReportsEveryProblemTogether()
    {
        var yaml = """
            slug: wrong-name
            kind: letter
            goal: lots
            languages: [en]
            title: { ko: "제목" }
            targets:
              - id: a
                name: A
                country: LA
                email: not-an-email
                timezone: Mars/Olympus
              - id: a
                nmae: B
                country: LA
                email: b@example.org
                timezone: Asia/Vientiane

            """;
        var path = directory.Write("broken.yaml", yaml);

        var result = CampaignFiles.LoadDirectory(directory.Path);

        Assert.Empty(result.Campaigns);
        Assert.Equal(
            [
                new CampaignProblem(path, 1, "slug: 'wrong-name' does not match the file name 'broken'"),
                new CampaignProblem(path, 3, "goal: 'lots' is not a whole number"),
                new CampaignProblem(path, 5, "title.ko: language 'ko' is not listed in languages"),
                new CampaignProblem(path, 5, "title: missing text in the default language 'en'"),
                new CampaignProblem(path, 10, "targets[0].email: 'not-an-email' is not a valid email address"),
                new CampaignProblem(path, 11, "targets[0].timezone: 'Mars/Olympus' is not a known IANA time zone like Asia/Vientiane"),
                new CampaignProblem(path, 13, "unknown key 'targets[1].nmae'"),
                new CampaignProblem(path, 12, "targets[1].id: duplicate target id 'a' (first used on line 7)"),
                new CampaignProblem(path, 12, "missing required key 'targets[1].name'"),
                new CampaignProblem(path, 1, "missing required key 'letter' for kind letter"),
            ],
            result.Problems);
    }

    [Fact]
    public void LoadDirectory_OneBadFile_KeepsTheGoodOnes()
    {
        directory.Write("sample-letter.yaml", SampleCampaigns.Letter);
        var bad = directory.Write("sample-petition.yaml", SampleCampaigns.Petition.Replace("kind: petition", "kind: poll", StringComparison.Ordinal));

        var result = CampaignFiles.LoadDirectory(directory.Path);

        Assert.Equal("sample-letter", Assert.Single(result.Campaigns).Slug);
        Assert.Equal(new CampaignProblem(bad, 2, "kind: 'poll' must be one of letter, petition"), Assert.Single(result.Problems));
        Assert.False(result.IsValid);
    }

    [Fact]
    public void LoadDirectory_SameSlugInYamlAndYml_ReportsTheSecondFile()
    {
        var first = directory.Write("sample-letter.yaml", SampleCampaigns.Letter);
        var second = directory.Write("sample-letter.yml", SampleCampaigns.Letter);

        var result = CampaignFiles.LoadDirectory(directory.Path);

        Assert.Single(result.Campaigns);
        Assert.Equal(new CampaignProblem(second, 1, $"slug: 'sample-letter' is already used by {first}"), Assert.Single(result.Problems));
    }

    [Fact]
    public void LoadDirectory_SeveralFiles_LoadsYamlAndYmlSortedByNameAndIgnoresOthers()
    {
        directory.Write("sample-petition.yml", SampleCampaigns.Petition);
        directory.Write("sample-letter.yaml", SampleCampaigns.Letter);
        directory.Write("README.md", "not a campaign");

        var result = CampaignFiles.LoadDirectory(directory.Path);

        Assert.Empty(result.Problems);
        Assert.Equal(["sample-letter", "sample-petition"], result.Campaigns.Select(c => c.Slug));
    }

    [Fact]
    public void LoadDirectory_EmptyFile_ReportsIt()
    {
        var path = directory.Write("empty.yaml", "# nothing yet\n");

        var result = CampaignFiles.LoadDirectory(directory.Path);

        Assert.Equal(new CampaignProblem(path, 1, "the file is empty"), Assert.Single(result.Problems));
    }

    [Fact]
    public void LoadDirectory_BadIndentation_ReportsSyntaxErrorLine()
    {
        var path = directory.Write("bad.yaml", "slug: bad\nkind: letter\n  title: x\n");

        var result = CampaignFiles.LoadDirectory(directory.Path);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(path, problem.File);
        Assert.Equal(3, problem.Line);
        Assert.StartsWith("yaml syntax error: ", problem.Message, StringComparison.Ordinal);
    }
}
