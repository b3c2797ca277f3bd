using Campaign.Core.Templates;
using Fluid;
using YamlDotNet.RepresentationModel;

namespace Campaign.Core.Campaigns;

/// <summary>Reads a map of language to text (<c>title: { en: "...", ko: "..." }</c>).</summary>
internal static class LocalizedTextReader
{
    private static readonly FluidParser Liquid = new();

    public static LocalizedText? Read(
        YamlMap parent, string key, CampaignLanguages languages, bool required, string? why = null, bool isLiquid = false, bool isMarkdown = false)
    {
        var problems = parent.Problems;
        var field = parent.FieldName(key);
        if (parent.Find(key) is not var (keyNode, value))
        {
            if (required) parent.Missing(key, why);
            return null;
        }

        if (value is not YamlMappingNode map)
        {
            problems.Add(keyNode, $"{field}: expected a map of language to text, like {{ en: \"...\" }}, not a {YamlMap.Describe(value)}");
            return null;
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var languagesSeen = new HashSet<string>(StringComparer.Ordinal);
        var valid = true;
        foreach (var (languageNode, textNode) in map.Children)
        {
            var language = (languageNode as YamlScalarNode)?.Value ?? "";
            languagesSeen.Add(language);
            if (!languages.Allows(language))
            {
                problems.Add(languageNode, $"{field}.{language}: language '{language}' is not listed in languages");
                valid = false;
            }
            else if (textNode is not YamlScalarNode { Value: { } text } || string.IsNullOrWhiteSpace(text))
            {
                problems.Add(textNode, $"{field}.{language}: expected text");
                valid = false;
            }
            else if (isLiquid && !CheckTemplate(problems, textNode, text, $"{field}.{language}"))
            {
                valid = false;
            }
            else if (isMarkdown && !CheckLinks(problems, textNode, text, $"{field}.{language}"))
            {
                valid = false;
            }
            else
            {
                texts[language] = text;
            }
        }

        if (languages.Default is { } defaultLanguage && !languagesSeen.Contains(defaultLanguage))
        {
            problems.Add(keyNode, $"{field}: missing text in the default language '{defaultLanguage}'");
            valid = false;
        }

        return valid ? new LocalizedText(texts) : null;
    }

    /// <summary>A campaign's Markdown may link only where <see cref="TemplateRenderer.ToHtml"/> keeps links.</summary>
    private static bool CheckLinks(FileProblems problems, YamlNode node, string text, string field)
    {
        var refused = TemplateRenderer.RefusedLinks(text);
        foreach (var url in refused)
        {
            problems.Add(TemplateLines.LineOf(node, text, url),
                $"{field}: link to '{url}' is not allowed; campaign texts may link only to https, http and mailto addresses");
        }
        return refused.Count == 0;
    }

    /// <summary>A template must parse and may name only the variables the composers fill in.</summary>
    private static bool CheckTemplate(FileProblems problems, YamlNode node, string text, string field)
    {
        if (!Liquid.TryParse(text, out var template, out var error))
        {
            problems.Add(TemplateLines.LineOf(node, text, error), $"{field}: not a valid liquid template: {error}");
            return false;
        }

        var unknown = TemplateVariables.Unknown(template);
        foreach (var name in unknown)
        {
            problems.Add(TemplateLines.LineOf(node, text, name),
                $"{field}: unknown variable '{name}'; templates may use {TemplateLines.Describe(TemplateVariables.Known)}");
        }
        return unknown.Count == 0;
    }
}
