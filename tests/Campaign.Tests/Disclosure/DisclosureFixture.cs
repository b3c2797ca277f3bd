using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Disclosure;

/// <summary>
/// The test campaigns plus a letter campaign that allows replies and shows every supporter field, and a
/// <c>Mail:ReplyTo</c> of its own.
/// </summary>
public sealed class DisclosureFixture : ServiceFixture
{
    public const string Replies = "replies-test";
    public const string TargetEmail = "ngo@rights.example";
    public const string CampaignReplyTo = "replies@campaign.example";

    /// <summary>A reply address of its own, so a test can tell it from the sender's.</summary>
    protected override IEnumerable<string> ExtraSettings => [$"--Mail:ReplyTo=Campaign replies <{CampaignReplyTo}>"];

    protected override void WriteCampaigns(string directory)
    {
        base.WriteCampaigns(directory);
        File.WriteAllText(Path.Combine(directory, $"{Replies}.yaml"), $$$"""
            slug: {{{Replies}}}
            kind: letter
            languages: [en]
            title: { en: "Write to the rapporteur" }
            summary: { en: "A target that may answer." }
            targets:
              - id: rapporteur
                name: The Rapporteur
                country: CH
                email: {{{TargetEmail}}}
                timezone: Europe/Zurich
                max_per_hour: 3600
            letter:
              editable: true
              allow_replies: true
              anonymous_signature: { en: "Someone who cares" }
              subject: { en: "From {{ supporter.name }}" }
              body:
                en: |
                  Dear {{ target.name }},

                  Please keep asking.

                  {{ supporter.comment }}

                  {{ supporter.name }} ({{ supporter.country }})

            """);
    }
}
