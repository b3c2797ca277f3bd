namespace Campaign.Tests.Campaigns;

/// <summary>Small valid campaign files; tests break one thing at a time.</summary>
internal static class SampleCampaigns
{
    public const string Letter = """
        slug: sample-letter
        kind: letter
        opens: 2026-11-01T00:00:00Z
        closes: 2027-06-30T00:00:00Z
        goal: 100
        milestones: [10, 50, 100]
        languages: [en, ko]
        organizers: [organizer@campaign.example]
        title:
          en: "Let them pass"
          ko: "지나가게 해 주십시오"
        summary:
          en: "A summary"
        targets:
          - id: lao-mfa
            name: Ministry of Foreign Affairs
            country: LA
            email: mfa@laos-government.example
            timezone: Asia/Vientiane
            office_hours: "Mon-Fri 08:00-16:00"
          - id: lao-mps
            name: Ministry of Public Security
            country: LA
            email: mps@laos-government.example
            language: ko
            timezone: Asia/Vientiane
            max_per_hour: 5
        letter:
          subject: { en: "Please let them pass" }
          body:
            en: "Dear {{ target.name }}, ... {{ supporter.name }}"
          editable: true

        """;

    public const string Petition = """
        slug: sample-petition
        kind: petition
        languages: [en]
        title: { en: "Stop forced returns" }
        targets:
          - id: prc-mfa
            name: Ministry of Foreign Affairs
            country: CN
            email: mfa@china-government.example
            timezone: Asia/Shanghai
        petition:
          text: { en: "We call on the government to stop." }
        delivery:
          schedule: "0 9 * * 1"
          on_milestones: true
          attach_csv: false

        """;
}
