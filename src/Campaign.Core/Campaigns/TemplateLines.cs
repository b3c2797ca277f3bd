using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Campaign.Core.Campaigns;

/// <summary>
/// Points a template problem at the line of the YAML file a person should look at: inside a literal block
/// (<c>body: |</c>) the line that holds the problem, else the line where the template starts.
/// </summary>
internal static partial class TemplateLines
{
    /// <param name="clue">A variable name, or a parser error that may carry "(line:column)".</param>
    public static int LineOf(YamlNode node, string text, string? clue)
    {
        var start = FileProblems.LineOf(node);
        if (node is not YamlScalarNode { Style: ScalarStyle.Literal } || clue is null) return start;
        var lines = text.Split('\n');
        var index = -1;
        if (ErrorPosition().Match(clue) is { Success: true } position)
            index = int.Parse(position.Groups[1].Value, CultureInfo.InvariantCulture) - 1;
        else
            index = Array.FindIndex(lines, l => l.Contains(clue, StringComparison.Ordinal));
        // The block's text begins on the line after its "|".
        return index >= 0 && index < lines.Length ? start + 1 + index : start;
    }

    public static string Describe(IReadOnlyDictionary<string, IReadOnlySet<string>> known) =>
        string.Join(", ", known.SelectMany(v => v.Value.Select(f => $"{v.Key}.{f}")));

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex ErrorPosition();
}
