namespace Campaign.Tests.Campaigns;

/// <summary>A throw-away campaign directory for one test, removed afterwards.</summary>
public sealed class CampaignDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "campaign-files-" + Guid.NewGuid().ToString("N"));

    public CampaignDirectory() => Directory.CreateDirectory(Path);

    /// <summary>Writes a file and returns its path as the loader reports it.</summary>
    public string Write(string fileName, string yaml)
    {
        var file = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(file, yaml);
        return file;
    }

    /// <summary>The 1-based line of the first line of <paramref name="yaml"/> containing <paramref name="fragment"/>.</summary>
    public static int LineOf(string yaml, string fragment)
    {
        var lines = yaml.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(fragment, StringComparison.Ordinal));
        return index >= 0 ? index + 1 : throw new ArgumentException($"'{fragment}' is not in the yaml");
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
