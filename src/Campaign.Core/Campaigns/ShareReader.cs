using YamlDotNet.RepresentationModel;

namespace Campaign.Core.Campaigns;

/// <summary>Reads <c>embed:</c> and <c>share:</c>, the two keys that take a campaign beyond its own page.</summary>
internal static class ShareReader
{
    public static EmbedPolicy ReadEmbed(YamlMap map)
    {
        if (map.Map("embed") is not { } embed) return EmbedPolicy.None;
        embed.RejectUnknownKeys(new HashSet<string> { "allowed_origins" });
        var origins = new List<string>();
        foreach (var (node, field) in embed.List("allowed_origins") ?? [])
        {
            var text = (node as YamlScalarNode)?.Value;
            if (text is null || CampaignFormats.Origin(text) is not { } origin)
                map.Problems.Add(node, $"{field}: '{text ?? YamlMap.Describe(node)}' is not an origin; write the scheme and host (and a port when it is not the default), like https://partner.example, with no path");
            else if (origins.Contains(origin))
                map.Problems.Add(node, $"{field}: '{text}' is listed twice");
            else
                origins.Add(origin);
        }
        return new EmbedPolicy(origins);
    }

    public static SharePlan ReadShare(YamlMap map, CampaignLanguages languages)
    {
        if (map.Map("share") is not { } share) return SharePlan.Default;
        share.RejectUnknownKeys(new HashSet<string> { "text", "refs", "other_refs" });
        var text = LocalizedTextReader.Read(share, "text", languages, required: false);
        var codes = SharePlan.Channels.ToDictionary(c => c, c => c, StringComparer.Ordinal);
        var refs = share.Map("refs");
        refs?.RejectUnknownKeys(SharePlan.Channels.ToHashSet());
        // A channel left out keeps its own name as its code, and that name is then taken: a code "wa" given
        // to two sources would count them as one.
        var seen = SharePlan.Channels.Where(c => refs?.Find(c) is null)
            .ToDictionary(c => c, c => $"{share.FieldName("refs")}.{c} (its default)", StringComparer.Ordinal);
        foreach (var channel in SharePlan.Channels)
        {
            if (refs?.Scalar(channel) is not { } node) continue;
            if (Code(share.Problems, node, refs.FieldName(channel), seen) is { } code) codes[channel] = code;
        }

        var others = new List<string>();
        foreach (var (node, field) in share.List("other_refs") ?? [])
        {
            if (Code(share.Problems, node, field, seen) is { } code) others.Add(code);
        }
        return new SharePlan(text, codes, others);
    }

    /// <param name="seen">Each code taken so far and by what, so that one code never counts two sources.</param>
    private static string? Code(FileProblems problems, YamlNode node, string field, Dictionary<string, string> seen)
    {
        var code = (node as YamlScalarNode)?.Value;
        if (code is null || !CampaignFormats.IsRefCode(code))
        {
            problems.Add(node, $"{field}: '{code ?? YamlMap.Describe(node)}' is not a share code; use 1-32 characters of a-z, 0-9 and '-'");
            return null;
        }
        if (seen.TryGetValue(code, out var owner))
        {
            problems.Add(node, $"{field}: '{code}' is already the code of {owner}; each source needs its own code");
            return null;
        }
        seen[code] = field;
        return code;
    }
}
