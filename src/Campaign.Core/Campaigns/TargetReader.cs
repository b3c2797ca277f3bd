using YamlDotNet.RepresentationModel;

namespace Campaign.Core.Campaigns;

/// <summary>Reads the <c>targets</c> list: who receives the letters or the signatures.</summary>
internal static class TargetReader
{
    public const int DefaultMaxPerHour = 30;

    private static readonly HashSet<string> Keys =
        ["id", "name", "country", "email", "language", "timezone", "max_per_hour", "office_hours"];

    public static IReadOnlyList<Target>? ReadAll(YamlMap campaign, CampaignLanguages languages)
    {
        var problems = campaign.Problems;
        if (campaign.List("targets", required: true) is not { } items) return null;
        if (items.Count == 0)
        {
            problems.Add(campaign.KeyLine("targets"), "targets: at least one target is required");
            return null;
        }

        var targets = new List<Target>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var valid = true;
        foreach (var (node, field) in items)
        {
            if (node is not YamlMappingNode mapping)
            {
                problems.Add(node, $"{field}: expected a map with id, name, country, email and timezone, not a {YamlMap.Describe(node)}");
                valid = false;
                continue;
            }

            var target = Read(new YamlMap(mapping, field, problems), languages, firstLineOfId);
            if (target is null) valid = false;
            else targets.Add(target);
        }

        return valid ? targets : null;
    }

    private static Target? Read(YamlMap map, CampaignLanguages languages, Dictionary<string, int> firstLineOfId)
    {
        var problems = map.Problems;
        var before = problems.All.Count;
        map.RejectUnknownKeys(Keys);

        var id = map.Scalar("id", required: true);
        if (id?.Value is { } idText)
        {
            var line = FileProblems.LineOf(id);
            if (!CampaignFormats.IsTargetId(idText))
                problems.Add(line, $"{map.FieldName("id")}: '{idText}' may only hold a-z, 0-9 and '-'");
            else if (firstLineOfId.TryGetValue(idText, out var firstLine))
                problems.Add(line, $"{map.FieldName("id")}: duplicate target id '{idText}' (first used on line {firstLine})");
            else
                firstLineOfId[idText] = line;
        }

        var name = map.Scalar("name", required: true);
        if (name is { Value: var nameText } && string.IsNullOrWhiteSpace(nameText))
            problems.Add(name, $"{map.FieldName("name")}: must not be blank");

        var country = map.Scalar("country", required: true);
        if (country?.Value is { } countryText && !CountryCodes.IsAssigned(countryText))
            problems.Add(country, $"{map.FieldName("country")}: '{countryText}' is not an upper-case ISO 3166-1 alpha-2 country code like LA or CN");

        var email = map.Scalar("email", required: true);
        if (email?.Value is { } emailText && !CampaignFormats.IsEmail(emailText))
            problems.Add(email, $"{map.FieldName("email")}: '{emailText}' is not a valid email address");

        var language = map.Scalar("language");
        if (language?.Value is { } languageText && !languages.Allows(languageText))
            problems.Add(language, $"{map.FieldName("language")}: '{languageText}' is not one of the campaign's languages");

        var timeZone = map.Scalar("timezone", required: true);
        if (timeZone?.Value is { } zoneText && !IsKnownTimeZone(zoneText))
            problems.Add(timeZone, $"{map.FieldName("timezone")}: '{zoneText}' is not a known IANA time zone like Asia/Vientiane");

        var maxPerHour = map.PositiveInt("max_per_hour");

        OfficeHours? officeHours = null;
        var hours = map.Scalar("office_hours");
        if (hours?.Value is { } hoursText && !OfficeHoursParser.TryParse(hoursText, out officeHours, out var error))
            problems.Add(hours, $"{map.FieldName("office_hours")}: '{hoursText}': {error}");

        if (problems.All.Count > before) return null;
        return new Target(
            id!.Value!,
            name!.Value!,
            country!.Value!,
            email!.Value!,
            language?.Value ?? languages.Default ?? "",
            timeZone!.Value!,
            maxPerHour ?? DefaultMaxPerHour,
            officeHours);
    }

    // FindSystemTimeZoneById also accepts Windows ids ("China Standard Time"); the file format promises IANA.
    private static bool IsKnownTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}
