using Campaign.Core.Campaigns;

namespace Campaign.Tests.Campaigns;

/// <summary><c>validate</c> on broken letter templates: each problem at the file and line of the template.</summary>
public sealed class TemplateValidationTests : IDisposable
{
    private readonly CampaignDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private static string WithBody(string body) => SampleCampaigns.Letter.Replace(
        "    en: \"Dear {{ target.name }}, ... {{ supporter.name }}\"", body, StringComparison.Ordinal);

    private IReadOnlyList<CampaignProblem> Problems(string yaml)
    {
        directory.Write("sample-letter.yaml", yaml);
        var result = CampaignFiles.LoadDirectory(directory.Path);
        Assert.Empty(result.Campaigns);
        return result.Problems;
    }

    [Fact]
    public void LoadDirectory_MisspelledField_ReportsTheLineInsideTheBlock()
    {
        var yaml = WithBody("""
                en: |
                  Dear {{ target.name }},

                  With respect, {{ supporter.nmae }}
            """);

        var problem = Assert.Single(Problems(yaml));

        Assert.Equal(CampaignDirectory.LineOf(yaml, "supporter.nmae"), problem.Line);
        Assert.StartsWith("letter.body.en: unknown variable 'supporter.nmae'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("supporter.name", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_UnknownVariable_InSubjectAndBody_ReportsEach()
    {
        var yaml = WithBody("    en: \"{{ foo }} and {{ target.email }}\"")
            .Replace("subject: { en: \"Please let them pass\" }", "subject: { en: \"{{ campaign.titel }}\" }", StringComparison.Ordinal);

        var problems = Problems(yaml);

        Assert.Equal(
            [
                (CampaignDirectory.LineOf(yaml, "campaign.titel"), "letter.subject.en: unknown variable 'campaign.titel'"),
                (CampaignDirectory.LineOf(yaml, "{{ foo }}"), "letter.body.en: unknown variable 'foo'"),
                (CampaignDirectory.LineOf(yaml, "{{ foo }}"), "letter.body.en: unknown variable 'target.email'"),
            ],
            problems.Select(p => (p.Line, p.Message[..p.Message.IndexOf(';', StringComparison.Ordinal)])));
    }

    [Fact]
    public void LoadDirectory_TemplateThatDoesNotParse_ReportsItsLine()
    {
        var yaml = WithBody("""
                en: |
                  Dear {{ target.name }},

                  {% if supporter.comment %}{{ supporter.comment }}
            """);

        var problem = Assert.Single(Problems(yaml));

        Assert.Contains("letter.body.en: not a valid liquid template", problem.Message, StringComparison.Ordinal);
        Assert.InRange(problem.Line, CampaignDirectory.LineOf(yaml, "en: |"), CampaignDirectory.LineOf(yaml, "{% if"));
    }

    [Fact]
    public void LoadDirectory_EveryKnownVariableAndLoopLocals_AreValid()
    {
        var yaml = WithBody("""
                en: |
                  {{ supporter.name }} {{ supporter.country }} {{ supporter.comment }} {{ target.id }} {{ target.name }}
                  {{ target.country }} {{ campaign.slug }} {{ campaign.title | upcase }} {{ campaign.goal }} {{ signatures.total }}
                  {% assign who = supporter.name %}{{ who }}{% for word in campaign.title %}{{ word }}{{ forloop.index }}{% endfor %}
            """);
        directory.Write("sample-letter.yaml", yaml);

        var result = CampaignFiles.LoadDirectory(directory.Path);

        Assert.Empty(result.Problems);
    }
}
