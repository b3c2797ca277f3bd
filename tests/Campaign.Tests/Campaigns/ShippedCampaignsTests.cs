using Campaign.Core.Campaigns;

namespace Campaign.Tests.Campaigns;

/// <summary>The campaigns in the repository's <c>campaigns/</c> folder are the ones that go Live.</summary>
public sealed class ShippedCampaignsTests
{
    private static readonly DateTimeOffset Today = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly CampaignLoadResult Shipped = CampaignFiles.LoadDirectory(Path.Combine(RepositoryRoot(), "campaigns"));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Campaign.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Campaign.sln not found above " + AppContext.BaseDirectory);
    }

    private static CampaignDefinition Find(string slug) =>
        Shipped.Campaigns.SingleOrDefault(c => c.Slug == slug) ?? throw new InvalidOperationException($"{slug} did not load");

    [Fact]
    public void LoadDirectory_ShippedCampaigns_HaveNoProblems()
    {
        Assert.Empty(Shipped.Problems);
        Assert.Equal(["china-stop-forced-returns", "laos-let-them-pass", "un-coi-spotlight"], Shipped.Campaigns.Select(c => c.Slug));
        Assert.All(Shipped.Campaigns, c => Assert.True(c.TakesSignaturesAt(Today), $"{c.Slug} is not open on {Today:d}"));
        Assert.All(Shipped.Campaigns, c => Assert.Equal(["organizer@campaign.example"], c.Organizers));
    }

    [Fact]
    public void LoadDirectory_LaosLetter_AddressesLaoMinistriesInFourLanguages()
    {
        var laos = Find("laos-let-them-pass");

        Assert.Equal(CampaignKind.Letter, laos.Kind);
        Assert.Equal(["en", "ko", "zh", "lo"], laos.Languages);
        Assert.NotNull(laos.Letter);
        Assert.True(laos.Letter.Editable);
        foreach (var language in laos.Languages)
        {
            Assert.True(laos.Title.Values.ContainsKey(language), $"title.{language}");
            Assert.True(laos.Summary.Values.ContainsKey(language), $"summary.{language}");
            Assert.True(laos.Letter.Subject.Values.ContainsKey(language), $"letter.subject.{language}");
            var body = laos.Letter.Body.Values[language];
            Assert.Contains("{{ target.name }}", body, StringComparison.Ordinal);
            Assert.Contains("{{ supporter.name }}", body, StringComparison.Ordinal);
            Assert.Contains("{{ supporter.country }}", body, StringComparison.Ordinal);
        }

        Assert.Contains(laos.Letter.Body.Values["lo"], c => c is >= '\u0E80' and <= '\u0EFF');
        Assert.Contains(laos.Letter.Body.Values["ko"], c => c is >= '\uAC00' and <= '\uD7A3');
        Assert.Contains("Ministry of Foreign Affairs of the Lao PDR", laos.Targets.Select(t => t.Name));
        Assert.All(laos.Targets, t =>
        {
            Assert.Equal("LA", t.Country);
            Assert.Equal("Asia/Vientiane", t.TimeZone);
            Assert.Equal(30, t.MaxPerHour);
            Assert.Equal("Mon-Fri 08:00-16:00", t.OfficeHours?.Text);
            Assert.EndsWith(".example", t.Email, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void LoadDirectory_ChinaPetition_DeliversWeeklyAndOnMilestones()
    {
        var china = Find("china-stop-forced-returns");

        Assert.Equal(CampaignKind.Petition, china.Kind);
        Assert.Equal(["en", "ko", "zh", "lo"], china.Languages);
        Assert.Equal(25000, china.Goal);
        Assert.Equal([1000, 10000, 25000], china.Milestones);
        Assert.Equal(new DeliveryPlan("0 9 * * 1", OnMilestones: true, AttachCsv: true), china.Delivery);
        Assert.NotNull(china.PetitionText);
        Assert.Equal(china.Languages.Order(), china.PetitionText.Values.Keys.Order());
        Assert.Contains("1951", china.PetitionText.Values["en"], StringComparison.Ordinal);
        Assert.Contains("Convention against Torture", china.PetitionText.Values["en"], StringComparison.Ordinal);
        Assert.All(china.Targets, t =>
        {
            Assert.Equal("CN", t.Country);
            Assert.Equal("Asia/Shanghai", t.TimeZone);
        });
    }

    [Fact]
    public void LoadDirectory_UnPetition_TargetsTheSpecialRapporteurInGeneva()
    {
        var un = Find("un-coi-spotlight");

        Assert.Equal(CampaignKind.Petition, un.Kind);
        Assert.Equal(["en", "ko"], un.Languages.Take(2));
        Assert.Contains(un.Targets, t => t.Name.Contains("Special Rapporteur", StringComparison.Ordinal));
        Assert.All(un.Targets, t =>
        {
            Assert.Equal("CH", t.Country);
            Assert.Equal("Europe/Zurich", t.TimeZone);
        });
        Assert.Contains("2014", un.PetitionText?.Values["en"] ?? "", StringComparison.Ordinal);
        Assert.True(un.PetitionText?.Values.ContainsKey("ko"));
    }

    [Fact]
    public void ShippedCampaigns_EveryTargetEmail_IsMarkedAsPlaceholder()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "campaigns"), "*.yaml"))
        {
            var emailLines = File.ReadAllLines(file).Where(l => l.TrimStart().StartsWith("email:", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(emailLines);
            Assert.All(emailLines, l => Assert.Contains("# PLACEHOLDER: organizers replace with the real address before going Live", l, StringComparison.Ordinal));
        }
    }
}
