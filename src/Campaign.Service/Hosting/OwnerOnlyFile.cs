namespace Campaign.Service.Hosting;

/// <summary>Secrets the service keeps under <c>.data/</c>: readable and writable by the service's own user only.</summary>
public static class OwnerOnlyFile
{
    public static string? TryRead(string path) => File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } kept ? kept : null;

    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(text);
    }

    /// <summary>Writes <paramref name="text"/> unless the file exists; two processes starting together agree on one text.</summary>
    /// <returns>The text kept in the file, and whether it is the one given.</returns>
    public static (string Text, bool Created) CreateOnce(string path, string text)
    {
        if (TryRead(path) is { } kept) return (kept, false);
        var draft = $"{path}.{Environment.ProcessId}.tmp";
        Write(draft, text);
        try
        {
            File.Move(draft, path, overwrite: false);
            return (text, true);
        }
        catch (IOException) when (TryRead(path) is { } other)
        {
            File.Delete(draft);
            return (other, false);
        }
    }
}
