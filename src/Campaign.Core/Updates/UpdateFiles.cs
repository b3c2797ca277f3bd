using System.Text.RegularExpressions;
using Campaign.Core.Campaigns;
using Campaign.Core.Templates;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Campaign.Core.Updates;

/// <summary>
/// Reads a campaign's update files, <c>{campaigns}/{slug}/updates/*.md</c>: a front matter between two <c>---</c>
/// lines (<c>title</c>, a map of language to text, and <c>send_at</c>), then the Markdown body, with one section
/// per further language after a line <c>&lt;!-- ko --&gt;</c>. Every problem names its file and line, as for
/// campaign files; an update with any problem is left out.
/// </summary>
internal static partial class UpdateFiles
{
    private static readonly HashSet<string> Keys = ["title", "send_at"];

    public static IReadOnlyList<CampaignUpdate> Read(string campaignsDirectory, CampaignDefinition campaign, List<CampaignProblem> problems)
    {
        var directory = Path.Combine(campaignsDirectory, campaign.Slug, "updates");
        if (!Directory.Exists(directory)) return [];
        var updates = new List<CampaignUpdate>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.md").Order(StringComparer.Ordinal))
        {
            var fileProblems = new FileProblems(path);
            if (ReadOne(path, campaign, fileProblems) is { } update && !fileProblems.Any) updates.Add(update);
            problems.AddRange(fileProblems.All);
        }
        return updates;
    }

    private static CampaignUpdate? ReadOne(string path, CampaignDefinition campaign, FileProblems problems)
    {
        var id = Path.GetFileNameWithoutExtension(path);
        if (!UpdateId().IsMatch(id))
        {
            problems.Add(1, $"update file name '{id}.md': use lower-case letters, digits and dashes (it names the update for good)");
            return null;
        }
        var lines = File.ReadAllLines(path);
        var end = Array.FindIndex(lines, 1, line => line.TrimEnd() == "---");
        if (lines.Length == 0 || lines[0].TrimEnd() != "---" || end < 0)
        {
            problems.Add(1, "an update starts with its front matter: a line ---, then title: and send_at:, then a line ---");
            return null;
        }
        // The opening --- becomes a comment, so YAML's line numbers are the file's.
        if (Parse(string.Join('\n', ["#", .. lines[1..end]]), problems) is not { } root) return null;
        var map = new YamlMap(root, "", problems);
        map.RejectUnknownKeys(Keys);
        var languages = new CampaignLanguages(campaign.Languages, Known: true);
        var title = LocalizedTextReader.Read(map, "title", languages, required: true);
        var sendAt = map.Timestamp("send_at");
        if (sendAt is null && map.Find("send_at") is null) map.Missing("send_at", "the moment it may go out (a moment already past: at once)");
        var body = Sections(lines, end + 1, languages, campaign.DefaultLanguage, problems);
        return title is null || sendAt is null || body is null ? null : new CampaignUpdate(id, title, body, sendAt.Value, path);
    }

    /// <summary>The body's language sections; line numbers are 1-based, <paramref name="first"/> is 0-based.</summary>
    private static LocalizedText? Sections(string[] lines, int first, CampaignLanguages languages, string defaultLanguage, FileProblems problems)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var valid = true;
        var language = defaultLanguage;
        var startLine = first + 1;
        var section = new List<string>();
        var leading = true; // the section before any language line, which may be left empty when one follows
        void Close()
        {
            var text = string.Join('\n', section).Trim();
            if (text.Length == 0 && leading) return;
            if (text.Length == 0)
            {
                problems.Add(startLine, $"body.{language}: expected text");
                valid = false;
            }
            else if (TemplateRenderer.RefusedLinks(text) is { Count: > 0 } refused)
            {
                problems.Add(startLine, $"body.{language}: link to '{refused[0]}' is not allowed; updates may link only to https, http and mailto addresses");
                valid = false;
            }
            else if (!texts.TryAdd(language, text))
            {
                problems.Add(startLine, $"body.{language}: a second section in the same language");
                valid = false;
            }
        }
        for (var i = first; i < lines.Length; i++)
        {
            if (LanguageLine().Match(lines[i]) is not { Success: true } marker)
            {
                section.Add(lines[i]);
                continue;
            }
            Close();
            leading = false;
            language = marker.Groups[1].Value;
            startLine = i + 1;
            section.Clear();
            if (!languages.Allows(language))
            {
                problems.Add(i + 1, $"body.{language}: language '{language}' is not listed in the campaign's languages");
                valid = false;
            }
        }
        leading = false;
        Close();
        if (valid && !texts.ContainsKey(defaultLanguage))
        {
            problems.Add(first + 1, $"body: missing text in the default language '{defaultLanguage}'");
            valid = false;
        }
        return valid ? new LocalizedText(texts) : null;
    }

    private static YamlMappingNode? Parse(string yaml, FileProblems problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            problems.Add((int)e.Start.Line, $"yaml syntax error in the front matter: {e.Message}");
            return null;
        }
        if (stream.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root) return root;
        problems.Add(1, "the front matter is empty: it needs title: and send_at:");
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex UpdateId();

    [GeneratedRegex(@"^\s*<!--\s*([a-z]{2,3}(?:-[A-Za-z0-9]+)?)\s*-->\s*$")]
    private static partial Regex LanguageLine();
}
