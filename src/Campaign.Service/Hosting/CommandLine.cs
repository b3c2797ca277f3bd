namespace Campaign.Service.Hosting;

/// <summary>The verb and its words (SPEC §7), separated from the <c>--key value</c> settings that go to configuration.</summary>
public sealed record CommandLine(string Verb, IReadOnlyList<string> Words, string[] Settings)
{
    public static readonly string[] Verbs = ["serve", "validate", "preview", "migrate", "status", "erase", "rotate-key", "dkim", "ledger"];

    // Options of the verbs themselves, which take a value and are not configuration keys.
    private static readonly string[] VerbOptions = ["--target", "--lang", "--kind", "--notice", "--share", "--dns", "--out", "--head"];

    // Switches of the verbs themselves, which take no value.
    private static readonly string[] VerbFlags = ["--check"];

    // Settings that name a folder. Typed relative on the command line they mean the caller's folder, as the
    // shell does; from appsettings.json or the environment they mean the repository root (ServiceSettings).
    private static readonly string[] FolderSettings = ["Campaigns:Directory", "Data:Directory"];

    public static CommandLine Parse(string[] args) => Parse(args, Environment.CurrentDirectory);

    /// <param name="callerDirectory">The folder relative paths in <paramref name="args"/> are relative to.</param>
    public static CommandLine Parse(string[] args, string callerDirectory)
    {
        var verb = "serve";
        var words = new List<string>();
        var settings = new List<string>();
        var start = 0;
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            verb = args[0];
            start = 1;
        }
        for (var i = start; i < args.Length; i++)
        {
            var arg = args[i];
            if (VerbFlags.Contains(arg))
            {
                words.Add(arg);
            }
            else if (VerbOptions.Contains(arg) && i + 1 < args.Length)
            {
                words.Add(arg);
                words.Add(args[++i]);
            }
            else if (arg.StartsWith('-') && arg.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
            {
                settings.Add(arg[..(equals + 1)] + Resolve(arg[..equals], arg[(equals + 1)..], callerDirectory));
            }
            else if (arg.StartsWith('-'))
            {
                settings.Add(arg);
                if (i + 1 < args.Length && !args[i + 1].StartsWith('-')) settings.Add(Resolve(arg, args[++i], callerDirectory));
            }
            else
            {
                words.Add(arg);
            }
        }
        return new CommandLine(verb, words, [.. settings]);
    }

    private static string Resolve(string key, string value, string callerDirectory) =>
        value.Length > 0 && FolderSettings.Contains(key.TrimStart('-'), StringComparer.OrdinalIgnoreCase)
            ? Path.GetFullPath(value, callerDirectory)
            : value;

    public string? Option(string name)
    {
        for (var i = 0; i + 1 < Words.Count; i++)
        {
            if (Words[i] == name) return Words[i + 1];
        }
        return null;
    }

    public bool Flag(string name) => Words.Contains(name);

    public IEnumerable<string> Positional()
    {
        for (var i = 0; i < Words.Count; i++)
        {
            if (VerbFlags.Contains(Words[i])) continue;
            if (VerbOptions.Contains(Words[i])) { i++; continue; }
            yield return Words[i];
        }
    }
}
