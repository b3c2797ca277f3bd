using Campaign.Core.Campaigns;

namespace Campaign.Tests.Campaigns;

/// <summary>One test per validation rule: the sample file with one thing broken gives exactly one problem.</summary>
public sealed class CampaignValidationTests : IDisposable
{
    private readonly CampaignDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private CampaignProblem SingleProblem(string yaml, string fileName = "sample-letter.yaml")
    {
        var path = directory.Write(fileName, yaml);
        var result = CampaignFiles.LoadDirectory(directory.Path);
        Assert.Empty(result.Campaigns);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(path, problem.File);
        return problem;
    }

    private string PathOf(string fileName) => Path.Combine(directory.Path, fileName);

    private static string Letter(string oldText, string newText)
    {
        Assert.Contains(oldText, SampleCampaigns.Letter, StringComparison.Ordinal);
        return SampleCampaigns.Letter.Replace(oldText, newText, StringComparison.Ordinal);
    }

    private static string Petition(string oldText, string newText)
    {
        Assert.Contains(oldText, SampleCampaigns.Petition, StringComparison.Ordinal);
        return SampleCampaigns.Petition.Replace(oldText, newText, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_UnknownTopLevelKey_ReportsKeyAndLine()
    {
        var yaml = Letter("title:", "titel: { en: typo }\ntitle:");

        var problem = SingleProblem(yaml);

        Assert.Equal(new CampaignProblem(PathOf("sample-letter.yaml"), CampaignDirectory.LineOf(yaml, "titel:"), "unknown key 'titel'"), problem);
    }

    [Fact]
    public void LoadDirectory_UnknownNestedKey_ReportsDottedKeyAndLine()
    {
        var yaml = Letter("    max_per_hour: 5", "    max_per_hour: 5\n    emial: x@y.example");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "emial:"), problem.Line);
        Assert.Equal("unknown key 'targets[1].emial'", problem.Message);
    }

    [Fact]
    public void LoadDirectory_UnknownKeyInLetter_ReportsIt()
    {
        var yaml = Letter("  editable: true", "  editable: true\n  signature: nope");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "signature:"), problem.Line);
        Assert.Equal("unknown key 'letter.signature'", problem.Message);
    }

    [Fact]
    public void LoadDirectory_MissingRequiredKey_ReportsKeyAtMapLine()
    {
        var yaml = Letter("kind: letter\n", "");

        var problem = SingleProblem(yaml);

        Assert.Equal(1, problem.Line);
        Assert.Equal("missing required key 'kind'", problem.Message);
    }

    [Fact]
    public void LoadDirectory_TargetWithoutEmail_ReportsTargetLine()
    {
        var yaml = Letter("    email: mps@laos-government.example\n", "");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "- id: lao-mps"), problem.Line);
        Assert.Equal("missing required key 'targets[1].email'", problem.Message);
    }

    [Fact]
    public void LoadDirectory_TitleWithoutDefaultLanguage_ReportsTitleLine()
    {
        var yaml = Letter("  en: \"Let them pass\"\n", "");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "title:"), problem.Line);
        Assert.Equal("title: missing text in the default language 'en'", problem.Message);
    }

    [Fact]
    public void LoadDirectory_TextInUnlistedLanguage_ReportsLanguageLine()
    {
        var yaml = Letter("  en: \"A summary\"", "  en: \"A summary\"\n  fr: \"Un résumé\"");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "fr:"), problem.Line);
        Assert.Equal("summary.fr: language 'fr' is not listed in languages", problem.Message);
    }

    [Fact]
    public void LoadDirectory_BadTargetEmail_ReportsValueLine()
    {
        var yaml = Letter("mps@laos-government.example", "not-an-email");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "not-an-email"), problem.Line);
        Assert.Equal("targets[1].email: 'not-an-email' is not a valid email address", problem.Message);
    }

    [Fact]
    public void LoadDirectory_BadOrganizerEmail_ReportsIt()
    {
        var yaml = Letter("[organizer@campaign.example]", "[organizer@campaign.example, someone@]");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "organizers:"), problem.Line);
        Assert.Equal("organizers[1]: 'someone@' is not a valid email address", problem.Message);
    }

    [Fact]
    public void LoadDirectory_DuplicateTargetId_ReportsSecondOccurrence()
    {
        var yaml = Letter("- id: lao-mps", "- id: lao-mfa  # again");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "# again"), problem.Line);
        Assert.Equal($"targets[1].id: duplicate target id 'lao-mfa' (first used on line {CampaignDirectory.LineOf(yaml, "- id: lao-mfa")})", problem.Message);
    }

    [Fact]
    public void LoadDirectory_SlugNotMatchingFileName_ReportsSlugLine()
    {
        var problem = SingleProblem(SampleCampaigns.Letter, "other-name.yaml");

        Assert.Equal(1, problem.Line);
        Assert.Equal("slug: 'sample-letter' does not match the file name 'other-name'", problem.Message);
    }

    [Fact]
    public void LoadDirectory_SlugWithCapitals_ReportsShape()
    {
        var yaml = Letter("slug: sample-letter", "slug: Sample_Letter");

        var problem = SingleProblem(yaml, "Sample_Letter.yaml");

        Assert.Equal(1, problem.Line);
        Assert.Equal("slug: 'Sample_Letter' must be 3-64 characters of a-z, 0-9 and '-'", problem.Message);
    }

    [Fact]
    public void LoadDirectory_BadTimeZone_ReportsValueLine()
    {
        var yaml = Letter("    timezone: Asia/Vientiane\n    max_per_hour", "    timezone: Asia/Atlantis\n    max_per_hour");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "Asia/Atlantis"), problem.Line);
        Assert.Equal("targets[1].timezone: 'Asia/Atlantis' is not a known IANA time zone like Asia/Vientiane", problem.Message);
    }

    [Fact]
    public void LoadDirectory_LowerCaseCountry_ReportsIt()
    {
        var yaml = Letter("    country: LA\n    email: mps", "    country: la\n    email: mps");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "country: la"), problem.Line);
        Assert.Equal("targets[1].country: 'la' is not an upper-case ISO 3166-1 alpha-2 country code like LA or CN", problem.Message);
    }

    [Fact]
    public void LoadDirectory_TargetLanguageNotInCampaign_ReportsIt()
    {
        var yaml = Letter("    language: ko", "    language: zh");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "language: zh"), problem.Line);
        Assert.Equal("targets[1].language: 'zh' is not one of the campaign's languages", problem.Message);
    }

    [Fact]
    public void LoadDirectory_BadOfficeHours_ReportsIt()
    {
        var yaml = Letter("\"Mon-Fri 08:00-16:00\"", "\"Mon-Fri 17:00-09:00\"");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "office_hours:"), problem.Line);
        Assert.StartsWith("targets[0].office_hours: 'Mon-Fri 17:00-09:00':", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_BadCron_ReportsScheduleLine()
    {
        var yaml = Petition("\"0 9 * * 1\"", "\"every monday\"");

        var problem = SingleProblem(yaml, "sample-petition.yaml");

        Assert.Equal(CampaignDirectory.LineOf(yaml, "schedule:"), problem.Line);
        Assert.Equal("delivery.schedule: 'every monday' is not a valid cron expression (5 fields: minute hour day-of-month month day-of-week)", problem.Message);
    }

    [Fact]
    public void LoadDirectory_SixFieldCron_ReportsIt()
    {
        var yaml = Petition("\"0 9 * * 1\"", "\"0 0 9 * * 1\"");

        var problem = SingleProblem(yaml, "sample-petition.yaml");

        Assert.StartsWith("delivery.schedule: '0 0 9 * * 1' is not a valid cron expression", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_LetterCampaignWithoutLetter_ReportsMissingLetter()
    {
        var yaml = SampleCampaigns.Letter[..SampleCampaigns.Letter.IndexOf("letter:\n", StringComparison.Ordinal)];

        var problem = SingleProblem(yaml);

        Assert.Equal(1, problem.Line);
        Assert.Equal("missing required key 'letter' for kind letter", problem.Message);
    }

    [Fact]
    public void LoadDirectory_LetterWithoutBody_ReportsMissingBody()
    {
        var yaml = Letter("  body:\n    en: \"Dear {{ target.name }}, ... {{ supporter.name }}\"\n", "");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "subject:"), problem.Line);
        Assert.Equal("missing required key 'letter.body'", problem.Message);
    }

    [Fact]
    public void LoadDirectory_BrokenLiquidInBody_ReportsIt()
    {
        var yaml = Letter("{{ supporter.name }}\"", "{{ supporter.name \"");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "    en: \"Dear"), problem.Line);
        Assert.StartsWith("letter.body.en: not a valid liquid template", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_PetitionWithoutText_ReportsMissingPetitionText()
    {
        var yaml = Petition("petition:\n  text: { en: \"We call on the government to stop.\" }\n", "");

        var problem = SingleProblem(yaml, "sample-petition.yaml");

        Assert.Equal(1, problem.Line);
        Assert.Equal("missing required key 'petition.text' for kind petition", problem.Message);
    }

    [Fact]
    public void LoadDirectory_PetitionTextWithoutDefaultLanguage_ReportsIt()
    {
        var yaml = Petition("languages: [en]", "languages: [en, ko]").Replace("{ en: \"We call", "{ ko: \"We call", StringComparison.Ordinal);

        var problem = SingleProblem(yaml, "sample-petition.yaml");

        Assert.Equal(CampaignDirectory.LineOf(yaml, "text:"), problem.Line);
        Assert.Equal("petition.text: missing text in the default language 'en'", problem.Message);
    }

    [Fact]
    public void LoadDirectory_GoalNotANumber_ReportsWrongType()
    {
        var yaml = Letter("goal: 100", "goal: \"lots\"");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "goal:"), problem.Line);
        Assert.Equal("goal: 'lots' is not a whole number", problem.Message);
    }

    [Theory]
    [InlineData("0", "retention_days: must be a positive number, not 0")]
    [InlineData("\"half a year\"", "retention_days: 'half a year' is not a whole number")]
    public void LoadDirectory_RetentionDaysNotAPositiveNumber_ReportsItsLine(string value, string message)
    {
        var yaml = Letter("goal: 100", $"goal: 100\nretention_days: {value}");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "retention_days:"), problem.Line);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void LoadDirectory_RetentionDays_IsRead()
    {
        directory.Write("sample-letter.yaml", Letter("goal: 100", "goal: 100\nretention_days: 30"));

        Assert.Equal(30, Assert.Single(CampaignFiles.LoadDirectory(directory.Path).Campaigns).RetentionDays);
    }

    [Fact]
    public void LoadDirectory_TargetsNotAList_ReportsWrongType()
    {
        var start = SampleCampaigns.Letter.IndexOf("targets:", StringComparison.Ordinal);
        var end = SampleCampaigns.Letter.IndexOf("letter:", StringComparison.Ordinal);
        var yaml = SampleCampaigns.Letter[..start] + "targets: lao-mfa\n" + SampleCampaigns.Letter[end..];

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "targets:"), problem.Line);
        Assert.Equal("targets: expected a list, not a single value 'lao-mfa'", problem.Message);
    }

    [Fact]
    public void LoadDirectory_EditableNotABool_ReportsWrongType()
    {
        var yaml = Letter("editable: true", "editable: maybe");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "editable:"), problem.Line);
        Assert.Equal("letter.editable: 'maybe' is not true or false", problem.Message);
    }

    [Fact]
    public void LoadDirectory_UnknownKind_ReportsChoices()
    {
        var yaml = Letter("kind: letter", "kind: memo");

        var problem = SingleProblem(yaml);

        Assert.Equal(2, problem.Line);
        Assert.Equal("kind: 'memo' must be one of letter, petition", problem.Message);
    }

    [Fact]
    public void LoadDirectory_BadDate_ReportsIt()
    {
        var yaml = Letter("opens: 2026-11-01T00:00:00Z", "opens: next week");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "opens:"), problem.Line);
        Assert.Equal("opens: 'next week' is not an ISO 8601 timestamp like 2026-12-01T00:00:00Z", problem.Message);
    }

    [Fact]
    public void LoadDirectory_ClosesBeforeOpens_ReportsClosesLine()
    {
        var yaml = Letter("closes: 2027-06-30T00:00:00Z", "closes: 2026-10-01T00:00:00Z");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "closes:"), problem.Line);
        Assert.Equal("closes: 2026-10-01 00:00:00Z must be after opens (2026-11-01 00:00:00Z)", problem.Message);
    }

    [Fact]
    public void LoadDirectory_MilestonesNotAscending_ReportsTheOutOfOrderOne()
    {
        var yaml = Letter("[10, 50, 100]", "[10, 100, 50]");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "milestones:"), problem.Line);
        Assert.Equal("milestones[2]: 50 must be greater than the milestone before it (100)", problem.Message);
    }

    [Fact]
    public void LoadDirectory_BadLanguageCode_ReportsIt()
    {
        var yaml = Letter("languages: [en, ko]", "languages: [en, Korean]").Replace("  ko: \"지나가게 해 주십시오\"\n", "", StringComparison.Ordinal);

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "languages:"), problem.Line);
        Assert.Equal("languages[1]: 'Korean' is not a 2-3 letter lower-case language code like en, ko, zh or lo", problem.Message);
    }

    [Fact]
    public void LoadDirectory_YamlSyntaxError_ReportsLineInsteadOfThrowing()
    {
        var yaml = Letter("goal: 100", "goal: [100");

        var path = directory.Write("sample-letter.yaml", yaml);
        var result = CampaignFiles.LoadDirectory(directory.Path);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(path, problem.File);
        Assert.Equal(CampaignDirectory.LineOf(yaml, "goal:"), problem.Line);
        Assert.StartsWith("yaml syntax error: ", problem.Message, StringComparison.Ordinal);
        Assert.Empty(result.Campaigns);
    }

    [Fact]
    public void LoadDirectory_DuplicateKey_ReportsSyntaxProblem()
    {
        var yaml = Letter("goal: 100", "goal: 100\ngoal: 200");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "goal: 200"), problem.Line);
        Assert.StartsWith("yaml syntax error: ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_RequiredKeyWithoutValue_ReportsKeyLine()
    {
        var yaml = Letter("slug: sample-letter", "slug:");

        var problem = SingleProblem(yaml);

        Assert.Equal(new CampaignProblem(PathOf("sample-letter.yaml"), 1, "slug: a value is required"), problem);
    }

    [Fact]
    public void LoadDirectory_WindowsTimeZoneId_IsRejectedAsNotIana()
    {
        var yaml = Petition("timezone: Asia/Shanghai", "timezone: China Standard Time");

        var problem = SingleProblem(yaml, "sample-petition.yaml");

        Assert.Equal("targets[0].timezone: 'China Standard Time' is not a known IANA time zone like Asia/Vientiane", problem.Message);
    }

    [Fact]
    public void LoadDirectory_UnassignedCountryCode_ReportsIt()
    {
        var yaml = Petition("country: CN", "country: XX");

        var problem = SingleProblem(yaml, "sample-petition.yaml");

        Assert.Equal(CampaignDirectory.LineOf(yaml, "country: XX"), problem.Line);
        Assert.StartsWith("targets[0].country: 'XX' is not", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_PetitionWithLetterSection_ReportsSectionLine()
    {
        var yaml = SampleCampaigns.Petition + "letter:\n  subject: { en: \"Hi\" }\n  body: { en: \"Hello\" }\n";

        var problem = SingleProblem(yaml, "sample-petition.yaml");

        Assert.Equal(CampaignDirectory.LineOf(yaml, "letter:"), problem.Line);
        Assert.Equal("letter: only a letter campaign has a letter; this one is kind petition", problem.Message);
    }

    [Fact]
    public void LoadDirectory_NoTargets_ReportsTargetsLine()
    {
        var start = SampleCampaigns.Petition.IndexOf("targets:", StringComparison.Ordinal);
        var end = SampleCampaigns.Petition.IndexOf("petition:", StringComparison.Ordinal);
        var yaml = SampleCampaigns.Petition[..start] + "targets: []\n" + SampleCampaigns.Petition[end..];

        var problem = SingleProblem(yaml, "sample-petition.yaml");

        Assert.Equal(CampaignDirectory.LineOf(yaml, "targets:"), problem.Line);
        Assert.Equal("targets: at least one target is required", problem.Message);
    }
    [Fact]
    public void LoadDirectory_LetterChoicesLeftOut_RepliesForbiddenAndDefaultSignatureInEachLanguage()
    {
        var path = directory.Write("sample-letter.yaml", SampleCampaigns.Letter);

        var letter = CampaignFiles.LoadDirectory(directory.Path).Campaigns.Single(c => c.SourcePath == path).Letter!;

        Assert.False(letter.AllowReplies);
        Assert.Equal(AnonymousSignatures.English, letter.AnonymousSignature.For("en", "en"));
        Assert.Equal("이 캠페인의 한 지지자", letter.AnonymousSignature.For("ko", "en"));
    }

    [Fact]
    public void LoadDirectory_LetterChoicesWritten_AreRead()
    {
        var yaml = Letter("  editable: true", "  editable: true\n  allow_replies: true\n  anonymous_signature: { en: \"A friend\", ko: \"한 친구\" }");
        var path = directory.Write("sample-letter.yaml", yaml);

        var letter = CampaignFiles.LoadDirectory(directory.Path).Campaigns.Single(c => c.SourcePath == path).Letter!;

        Assert.True(letter.AllowReplies);
        Assert.Equal("A friend", letter.AnonymousSignature.For("en", "en"));
        Assert.Equal("한 친구", letter.AnonymousSignature.For("ko", "en"));
    }

    [Fact]
    public void LoadDirectory_AllowRepliesNotABoolean_ReportsItsLine()
    {
        var yaml = Letter("  editable: true", "  editable: true\n  allow_replies: sometimes");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "allow_replies:"), problem.Line);
        Assert.Equal("letter.allow_replies: 'sometimes' is not true or false", problem.Message);
    }

    [Fact]
    public void LoadDirectory_AnonymousSignatureInAnUnlistedLanguage_ReportsItsLine()
    {
        var yaml = Letter("  editable: true", "  editable: true\n  anonymous_signature:\n    en: \"A friend\"\n    fr: \"Un ami\"");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "fr: \"Un ami\""), problem.Line);
        Assert.Equal("letter.anonymous_signature.fr: language 'fr' is not listed in languages", problem.Message);
    }

    [Theory]
    [InlineData("[read more](javascript:alert(1))", "javascript:alert(1)")]
    [InlineData("![](data:image/png;base64,AAAA)", "data:image/png;base64,AAAA")]
    [InlineData("<vbscript:msgbox>", "vbscript:msgbox")]
    [InlineData("[home](/c/elsewhere)", "/c/elsewhere")]
    public void LoadDirectory_SummaryLinkToAnythingButHttpOrMailto_ReportsItsLine(string link, string url)
    {
        var yaml = Letter("summary:\n  en: \"A summary\"", $"summary:\n  en: |\n    A summary.\n\n    See {link} here.");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "See "), problem.Line);
        Assert.Equal($"summary.en: link to '{url}' is not allowed; campaign texts may link only to https, http and mailto addresses", problem.Message);
    }

    [Fact]
    public void LoadDirectory_LetterBodyWithAJavascriptLink_ReportsTheLineInsideTheBlock()
    {
        var yaml = Letter("    en: \"Dear {{ target.name }}, ... {{ supporter.name }}\"",
            "    en: |\n      Dear {{ target.name }},\n\n      [UNHCR](JavaScript:steal())\n\n      {{ supporter.name }}");

        var problem = SingleProblem(yaml);

        Assert.Equal(CampaignDirectory.LineOf(yaml, "[UNHCR]"), problem.Line);
        Assert.StartsWith("letter.body.en: link to 'JavaScript:steal()' is not allowed", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_HttpsHttpAndMailtoLinks_AreValid()
    {
        var yaml = Letter("summary:\n  en: \"A summary\"",
            "summary:\n  en: \"[UNHCR](https://www.unhcr.org), [old](http://example.org), [write](mailto:info@campaign.example)\"");
        directory.Write("sample-letter.yaml", yaml);

        var result = CampaignFiles.LoadDirectory(directory.Path);

        Assert.Empty(result.Problems);
    }
}
