using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Campaign.Core.Campaigns;

/// <summary>
/// Turns a file into the YAML representation model, which keeps the line of every node so each
/// problem can point at the exact line. Syntax errors become problems, never exceptions.
/// </summary>
internal static partial class CampaignYaml
{
    public static YamlMappingNode? LoadRoot(string path, FileProblems problems)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            problems.Add((int)e.Start.Line, $"yaml syntax error: {Describe(e)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18 throws this, without a position, for some malformed input such as an unclosed
            // flow list ("goal: [100"). Re-read event by event to find how far the parser got.
            problems.Add(LastReadableLine(path), "yaml syntax error: the file cannot be read past this line; look for an unclosed [ or {");
            return null;
        }
        catch (IOException e)
        {
            problems.Add(0, $"cannot read the file: {e.Message}");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            problems.Add(1, "the file is empty");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            problems.Add(stream.Documents[1].RootNode, "a campaign file holds one document; remove the second '---'");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(stream.Documents[0].RootNode, "a campaign file must be a map of keys (slug, kind, title, ...)");
            return null;
        }

        return root;
    }

    private static int LastReadableLine(string path)
    {
        using var reader = new StreamReader(path);
        var parser = new Parser(reader);
        var line = 1;
        try
        {
            while (parser.MoveNext()) line = (int)parser.Current!.Start.Line;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Expected: this is the error we are locating.
        }

        return line;
    }

    // YamlDotNet prefixes its message with "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; we report the line ourselves.
    private static string Describe(YamlException e)
    {
        var message = PositionPrefix().Replace(e.Message, "").Trim();
        if (e.InnerException is { } inner && message.Length == 0) message = inner.Message;
        return message.Length == 0 ? "unreadable yaml" : char.ToLowerInvariant(message[0]) + message[1..];
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionPrefix();
}
