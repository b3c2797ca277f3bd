using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Campaign.Core.Campaigns;

/// <summary>Reads one campaign file into a <see cref="CampaignDefinition"/>, reporting every problem on the way.</summary>
internal static class CampaignFileReader
{
    private static readonly HashSet<string> Keys =
    [
        "slug", "kind", "status", "opens", "closes", "retention_days", "goal", "milestones", "languages", "organizers",
        "title", "summary", "targets", "petition", "letter", "delivery",
        "embed", "share",
    ];

    private static readonly Dictionary<string, CampaignKind> Kinds = new(StringComparer.Ordinal)
    {
        ["letter"] = CampaignKind.Letter,
        ["petition"] = CampaignKind.Petition,
    };

    private static readonly Dictionary<string, CampaignStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["draft"] = CampaignStatus.Draft,
        ["active"] = CampaignStatus.Active,
        ["paused"] = CampaignStatus.Paused,
        ["closed"] = CampaignStatus.Closed,
    };

    /// <summary>The campaign, or null when the file has any problem (all of them are in <paramref name="problems"/>).</summary>
    public static CampaignDefinition? Read(string path, FileProblems problems, out int slugLine)
    {
        slugLine = 1;
        if (CampaignYaml.LoadRoot(path, problems) is not { } root) return null;
        var map = new YamlMap(root, "", problems);
        slugLine = map.KeyLine("slug");
        map.RejectUnknownKeys(Keys);

        var slug = ReadSlug(map, path);
        var kind = map.Choice("kind", Kinds, required: true);
        var status = map.Choice("status", Statuses) ?? CampaignStatus.Active;
        var (opens, closes) = ReadWindow(map);
        var retentionDays = map.PositiveInt("retention_days") ?? CampaignDefinition.DefaultRetentionDays;
        var goal = map.PositiveInt("goal");
        var milestones = ReadMilestones(map);
        var languages = ReadLanguages(map);
        var organizers = ReadOrganizers(map);
        var title = LocalizedTextReader.Read(map, "title", languages, required: true);
        var summary = LocalizedTextReader.Read(map, "summary", languages, required: false, isMarkdown: true);
        var targets = TargetReader.ReadAll(map, languages);
        var petitionText = ReadPetition(map, kind, languages);
        var letter = ReadLetter(map, kind, languages);
        var delivery = ReadDelivery(map, kind);
        var embed = ShareReader.ReadEmbed(map);
        var share = ShareReader.ReadShare(map, languages);

        if (problems.Any) return null;
        return new CampaignDefinition(
            slug!, kind!.Value, status, opens, closes, retentionDays, goal, milestones, languages.Codes, organizers,
            title!, summary ?? new LocalizedText(new Dictionary<string, string>()), targets!,
            petitionText, letter, delivery, path)
        {
            Embed = embed,
            Share = share,
        };
    }

    private static string? ReadSlug(YamlMap map, string path)
    {
        if (map.Scalar("slug", required: true) is not { Value: { } slug } node) return null;
        var fileSlug = Path.GetFileNameWithoutExtension(path);
        if (!CampaignFormats.IsSlug(slug))
            map.Problems.Add(node, $"slug: '{slug}' must be 3-64 characters of a-z, 0-9 and '-'");
        else if (slug != fileSlug)
            map.Problems.Add(node, $"slug: '{slug}' does not match the file name '{fileSlug}'");
        return slug;
    }

    private static (DateTimeOffset? Opens, DateTimeOffset? Closes) ReadWindow(YamlMap map)
    {
        var opens = map.Timestamp("opens");
        var closes = map.Timestamp("closes");
        if (opens is { } o && closes is { } c && c <= o)
            map.Problems.Add(map.KeyLine("closes"), $"closes: {c.ToString("u", CultureInfo.InvariantCulture)} must be after opens ({o.ToString("u", CultureInfo.InvariantCulture)})");
        return (opens, closes);
    }

    private static IReadOnlyList<int> ReadMilestones(YamlMap map)
    {
        var milestones = new List<int>();
        foreach (var (node, field) in map.List("milestones") ?? [])
        {
            if (map.PositiveInt(node, field) is not { } milestone) continue;
            if (milestones.Count > 0 && milestone <= milestones[^1])
                map.Problems.Add(node, $"{field}: {milestone} must be greater than the milestone before it ({milestones[^1]})");
            milestones.Add(milestone);
        }

        return milestones;
    }

    private static CampaignLanguages ReadLanguages(YamlMap map)
    {
        if (map.List("languages", required: true) is not { } items) return new CampaignLanguages([], Known: false);
        if (items.Count == 0)
        {
            map.Problems.Add(map.KeyLine("languages"), "languages: list at least one language; the first is the default");
            return new CampaignLanguages([], Known: false);
        }

        var codes = new List<string>();
        var known = true;
        foreach (var (node, field) in items)
        {
            var code = (node as YamlScalarNode)?.Value;
            if (code is null || !CampaignFormats.IsLanguageCode(code))
            {
                map.Problems.Add(node, $"{field}: '{code ?? YamlMap.Describe(node)}' is not a 2-3 letter lower-case language code like en, ko, zh or lo");
                known = false;
            }
            else if (codes.Contains(code))
            {
                map.Problems.Add(node, $"{field}: '{code}' is listed twice");
            }
            else
            {
                codes.Add(code);
            }
        }

        return new CampaignLanguages(codes, known);
    }

    private static IReadOnlyList<string> ReadOrganizers(YamlMap map)
    {
        var organizers = new List<string>();
        foreach (var (node, field) in map.List("organizers") ?? [])
        {
            var email = (node as YamlScalarNode)?.Value;
            if (email is null || !CampaignFormats.IsEmail(email))
                map.Problems.Add(node, $"{field}: '{email ?? YamlMap.Describe(node)}' is not a valid email address");
            else
                organizers.Add(email);
        }

        return organizers;
    }

    private static LocalizedText? ReadPetition(YamlMap map, CampaignKind? kind, CampaignLanguages languages)
    {
        var petition = map.Map("petition");
        if (petition is null)
        {
            if (kind == CampaignKind.Petition) map.Missing("petition.text", "for kind petition");
            return null;
        }

        if (kind == CampaignKind.Letter)
            map.Problems.Add(map.KeyLine("petition"), "petition: only a petition campaign has a petition; this one is kind letter");
        petition.RejectUnknownKeys(new HashSet<string> { "text" });
        return LocalizedTextReader.Read(petition, "text", languages, required: true, isMarkdown: true);
    }

    private static LetterTemplate? ReadLetter(YamlMap map, CampaignKind? kind, CampaignLanguages languages)
    {
        var letter = map.Map("letter", required: kind == CampaignKind.Letter, why: "for kind letter");
        if (letter is null) return null;
        if (kind == CampaignKind.Petition)
            map.Problems.Add(map.KeyLine("letter"), "letter: only a letter campaign has a letter; this one is kind petition");

        letter.RejectUnknownKeys(new HashSet<string> { "subject", "body", "editable", "anonymous_signature", "allow_replies" });
        var subject = LocalizedTextReader.Read(letter, "subject", languages, required: true, isLiquid: true);
        var body = LocalizedTextReader.Read(letter, "body", languages, required: true, isLiquid: true, isMarkdown: true);
        var editable = letter.Bool("editable") ?? false;
        // Plain text: it stands where the supporter's name would, so it gets the same escaping.
        var anonymous = LocalizedTextReader.Read(letter, "anonymous_signature", languages, required: false);
        var allowReplies = letter.Bool("allow_replies") ?? false;
        return subject is null || body is null ? null
            : new LetterTemplate(subject, body, editable, WithDefaults(anonymous, languages), allowReplies);
    }

    /// <summary>The file's own signature where it has one, our default in every other language.</summary>
    private static LocalizedText WithDefaults(LocalizedText? written, CampaignLanguages languages)
    {
        var values = new Dictionary<string, string>(AnonymousSignatures.For(languages.Codes).Values, StringComparer.Ordinal);
        foreach (var (language, text) in written?.Values ?? new Dictionary<string, string>()) values[language] = text.Trim();
        return new LocalizedText(values);
    }

    private static DeliveryPlan? ReadDelivery(YamlMap map, CampaignKind? kind)
    {
        if (map.Map("delivery") is not { } delivery) return null;
        if (kind == CampaignKind.Letter)
            map.Problems.Add(map.KeyLine("delivery"), "delivery: only a petition campaign delivers signatures; a letter campaign sends letters");

        delivery.RejectUnknownKeys(new HashSet<string> { "schedule", "on_milestones", "attach_csv" });
        var schedule = delivery.Scalar("schedule");
        if (schedule?.Value is { } cron && !DeliverySchedules.IsValidCron(cron))
            map.Problems.Add(schedule, $"{delivery.FieldName("schedule")}: '{cron}' is not a valid cron expression (5 fields: minute hour day-of-month month day-of-week)");

        return new DeliveryPlan(schedule?.Value, delivery.Bool("on_milestones") ?? false, delivery.Bool("attach_csv") ?? false);
    }
}
