using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Campaign.Core.Campaigns;

/// <summary>
/// One YAML mapping of a campaign file with typed, problem-reporting accessors. Each accessor records
/// a problem for a wrong value and returns null, so the reader goes on and reports everything at once.
/// </summary>
internal sealed partial class YamlMap(YamlMappingNode node, string path, FileProblems problems)
{
    public int Line => FileProblems.LineOf(node);

    public FileProblems Problems => problems;

    /// <summary>The dotted name of a key in messages: <c>targets[1].email</c>.</summary>
    public string FieldName(string key) => path.Length == 0 ? key : $"{path}.{key}";

    public void RejectUnknownKeys(IReadOnlySet<string> known)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();
            if (!known.Contains(name)) problems.Add(key, $"unknown key '{FieldName(name)}'");
        }
    }

    /// <summary>The key and its value, or null when the key is absent or has no value (<c>key:</c> or <c>key: ~</c>).</summary>
    public (YamlNode Key, YamlNode Value)? Find(string key, bool required = false)
    {
        foreach (var (k, v) in node.Children)
        {
            if (k is not YamlScalarNode { Value: var name } || name != key) continue;
            if (!IsNull(v)) return (k, v);
            if (required) Missing(key);
            return null;
        }

        if (required) Missing(key);
        return null;
    }

    /// <summary>The line of <paramref name="key"/>, or of the map itself when the key is absent.</summary>
    public int KeyLine(string key) => KeyNode(key) is { } k ? FileProblems.LineOf(k) : Line;

    private YamlScalarNode? KeyNode(string key) => node.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == key);

    /// <summary>Reports a required key as missing, or as empty at its own line when it is there without a value.</summary>
    public void Missing(string key, string? why = null)
    {
        var suffix = why is null ? "" : " " + why;
        if (KeyNode(key) is { } present)
            problems.Add(present, $"{FieldName(key)}: a value is required{suffix}");
        else
            problems.Add(Line, $"missing required key '{FieldName(key)}'{suffix}");
    }

    public YamlScalarNode? Scalar(string key, bool required = false)
    {
        if (Find(key, required) is not var (_, value)) return null;
        if (value is YamlScalarNode scalar) return scalar;
        problems.Add(value, $"{FieldName(key)}: expected a single value, not a {Describe(value)}");
        return null;
    }

    public int? PositiveInt(string key)
    {
        if (Scalar(key) is not { } scalar) return null;
        return PositiveInt(scalar, FieldName(key));
    }

    public int? PositiveInt(YamlNode value, string field)
    {
        if (value is not YamlScalarNode { Value: var text })
        {
            problems.Add(value, $"{field}: expected a whole number, not a {Describe(value)}");
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            problems.Add(value, $"{field}: '{text}' is not a whole number");
            return null;
        }

        if (number <= 0)
        {
            problems.Add(value, $"{field}: must be a positive number, not {number}");
            return null;
        }

        return number;
    }

    public bool? Bool(string key)
    {
        if (Scalar(key) is not { } scalar) return null;
        switch (scalar.Value)
        {
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            default:
                problems.Add(scalar, $"{FieldName(key)}: '{scalar.Value}' is not true or false");
                return null;
        }
    }

    public DateTimeOffset? Timestamp(string key)
    {
        if (Scalar(key) is not { Value: { } text } scalar) return null;
        if (IsoTimestamp().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            return when;
        }

        problems.Add(scalar, $"{FieldName(key)}: '{text}' is not an ISO 8601 timestamp like 2026-12-01T00:00:00Z");
        return null;
    }

    /// <summary>A lower-case word from a fixed set, such as <c>kind: letter</c>.</summary>
    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> choices, bool required = false) where T : struct
    {
        if (Scalar(key, required) is not { Value: { } text } scalar) return null;
        if (choices.TryGetValue(text, out var choice)) return choice;
        problems.Add(scalar, $"{FieldName(key)}: '{text}' must be one of {string.Join(", ", choices.Keys)}");
        return null;
    }

    public YamlMap? Map(string key, bool required = false, string? why = null)
    {
        var found = Find(key, required: false);
        if (found is not var (k, value))
        {
            if (required) Missing(key, why);
            return null;
        }

        if (value is YamlMappingNode mapping) return new YamlMap(mapping, FieldName(key), problems);
        problems.Add(k, $"{FieldName(key)}: expected a map of keys, not a {Describe(value)}");
        return null;
    }

    /// <summary>The items of a list with their names for messages (<c>targets[0]</c>).</summary>
    public IReadOnlyList<(YamlNode Node, string Field)>? List(string key, bool required = false)
    {
        if (Find(key, required) is not var (k, value)) return null;
        if (value is not YamlSequenceNode sequence)
        {
            problems.Add(k, $"{FieldName(key)}: expected a list, not a {Describe(value)}");
            return null;
        }

        return sequence.Children.Select((item, i) => (item, $"{FieldName(key)}[{i}]")).ToList();
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "map",
        YamlSequenceNode => "list",
        YamlScalarNode { Value: var v } => $"single value '{v}'",
        _ => "value",
    };

    private static bool IsNull(YamlNode value) =>
        value is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?([Zz]|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex IsoTimestamp();
}
