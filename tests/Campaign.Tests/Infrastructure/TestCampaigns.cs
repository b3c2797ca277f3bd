namespace Campaign.Tests.Infrastructure;

/// <summary>
/// Campaign files for service tests: one of each state the API must tell apart, written to a fresh
/// directory so tests never depend on the wording of the shipped campaigns.
/// </summary>
public static class TestCampaigns
{
    public const string Letter = "letter-test";
    public const string Petition = "petition-test";
    public const string Draft = "draft-test";
    public const string Closed = "closed-test";
    public const string NotYetOpen = "future-test";
    public const string Ended = "ended-test";
    public const string Paused = "paused-test";
    public const string Delivery = "delivery-test";
    public const string Milestone = "milestone-test";

    public static readonly string[] MilestoneOrganizers = ["first-organizer@campaign.example", "second-organizer@campaign.example"];

    public const string FirstTargetEmail = "first@ministry.example";
    public const string SecondTargetEmail = "second@ministry.example";

    /// <summary>A letter campaign with one target, whose throttle or office hours the test sets in <paramref name="targetSettings"/>.</summary>
    public static string OneTargetLetterCampaign(string slug, string email, string targetSettings) => $"""
        slug: {slug}
        kind: letter
        languages: [en]
        title: {"{"} en: "Throttled" {"}"}
        summary: {"{"} en: "Throttled." {"}"}
        targets:
          - id: office
            name: A Ministry
            country: LA
            email: {email}
            timezone: Asia/Vientiane
            {targetSettings}
        letter:
          subject: {"{"} en: "A letter" {"}"}
          body: {"{"} en: "Please let them pass." {"}"}

        """;

    public static void WriteAll(string directory)
    {
        File.WriteAllText(Path.Combine(directory, $"{Letter}.yaml"), LetterCampaign(Letter, "active", extra: ""));
        File.WriteAllText(Path.Combine(directory, $"{Paused}.yaml"), LetterCampaign(Paused, "paused", extra: ""));
        File.WriteAllText(Path.Combine(directory, $"{Draft}.yaml"), LetterCampaign(Draft, "draft", extra: ""));
        File.WriteAllText(Path.Combine(directory, $"{Closed}.yaml"), LetterCampaign(Closed, "closed", extra: ""));
        File.WriteAllText(Path.Combine(directory, $"{NotYetOpen}.yaml"), LetterCampaign(NotYetOpen, "active", extra: "opens: 2099-01-01T00:00:00Z\n"));
        File.WriteAllText(Path.Combine(directory, $"{Ended}.yaml"), LetterCampaign(Ended, "active", extra: "opens: 2020-01-01T00:00:00Z\ncloses: 2021-01-01T00:00:00Z\n"));
        File.WriteAllText(Path.Combine(directory, $"{Petition}.yaml"), $"""
            slug: {Petition}
            kind: petition
            languages: [en, ko]
            goal: 100
            milestones: [10, 100]
            organizers: [organizer@campaign.example]
            title: {"{"} en: "Stop forced returns", ko: "강제 송환을 멈추십시오" {"}"}
            summary: {"{"} en: "A petition.", ko: "청원입니다." {"}"}
            targets:
              - id: cn-mfa
                name: Ministry of Foreign Affairs
                country: CN
                email: {FirstTargetEmail}
                language: en
                timezone: Asia/Shanghai
            petition:
              text: {"{"} en: "Stop forcibly returning North Koreans.", ko: "북한 주민의 강제 송환을 멈추십시오." {"}"}
            delivery:
              schedule: "0 9 * * 1"
              on_milestones: true
              attach_csv: true

            """);
        File.WriteAllText(Path.Combine(directory, $"{Delivery}.yaml"), DeliveryCampaign());
        File.WriteAllText(Path.Combine(directory, $"{Milestone}.yaml"), $"""
            slug: {Milestone}
            kind: petition
            languages: [en]
            milestones: [10, 1000]
            organizers: [{string.Join(", ", MilestoneOrganizers)}]
            title: {"{"} en: "Ten voices" {"}"}
            targets:
              - id: un
                name: UN Special Rapporteur
                country: CH
                email: un@ohchr.example
                timezone: Europe/Zurich
            petition:
              text: {"{"} en: "Keep the spotlight on forced returns." {"}"}
            delivery:
              on_milestones: true

            """);
    }

    /// <summary>A petition in four languages with a weekly delivery to a Chinese-reading and a Lao-reading target.</summary>
    private static string DeliveryCampaign() => $"""
        slug: {Delivery}
        kind: petition
        languages: [en, ko, zh, lo]
        organizers: [organizer@campaign.example]
        title:
          en: "Stop forced returns"
          ko: "강제송환을 멈추십시오"
          zh: "停止强制遣返"
          lo: "ຢຸດການບັງຄັບສົ່ງກັບຄືນ"
        targets:
          - id: cn-mfa
            name: 中华人民共和国外交部
            country: CN
            email: {FirstTargetEmail}
            language: zh
            timezone: Asia/Shanghai
            max_per_hour: 3600 # tests deliver twice in a row; the throttle would space them two minutes apart
          - id: lao-mfa
            name: ກະຊວງການຕ່າງປະເທດ
            country: LA
            email: {SecondTargetEmail}
            language: lo
            timezone: Asia/Vientiane
        petition:
          text:
            en: "Stop forcibly returning North Koreans."
            ko: "북한 주민의 강제송환을 멈추십시오."
            zh: "停止强制遣返朝鲜人。"
            lo: "ຢຸດການບັງຄັບສົ່ງຊາວເກົາຫຼີເໜືອກັບຄືນ."
        delivery:
          schedule: "0 9 * * 1"
          attach_csv: true

        """;

    private static string LetterCampaign(string slug, string status, string extra) => $"""
        slug: {slug}
        kind: letter
        status: {status}
        {extra}languages: [en, ko]
        organizers: [organizer@campaign.example]
        title:
          en: "Let them pass"
          ko: "안전하게 지나가게 해 주십시오"
        summary:
          en: "Write to the ministry."
          ko: "부처에 편지를 보내 주십시오."
        targets:
          - id: first
            name: First Ministry
            country: LA
            email: {FirstTargetEmail}
            language: en
            timezone: Asia/Vientiane
            max_per_hour: 3600
          - id: second
            name: Second Ministry
            country: LA
            email: {SecondTargetEmail}
            language: ko
            timezone: Asia/Vientiane
            max_per_hour: 3600
        letter:
          editable: true
          subject:
            en: "A letter from {"{{"} supporter.name {"}}"}"
            ko: "{"{{"} supporter.name {"}}"}의 편지"
          body:
            en: "Dear {"{{"} target.name {"}}"},\n\nPlease let them pass.\n\n{"{{"} supporter.name {"}}"} ({"{{"} supporter.country {"}}"})"
            ko: "{"{{"} target.name {"}}"} 귀하,\n\n안전하게 지나가게 해 주십시오.\n\n{"{{"} supporter.name {"}}"}"

        """;
}
