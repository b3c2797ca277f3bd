using System.Security.Cryptography;

namespace Campaign.Service.Hosting;

/// <summary>The admin key: from <c>Admin:ApiKey</c>, else generated once and kept under <c>.data/</c>.</summary>
public static class AdminKey
{
    /// <summary>Where a generated key is kept.</summary>
    public static string FileIn(string dataDirectory) => Path.Combine(dataDirectory, "admin-key");

    /// <returns>The key, and whether it was generated just now (the only time it may be shown).</returns>
    public static (string Key, bool Generated) Resolve(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return (configured, false);
        var path = FileIn(dataDirectory);
        if (File.Exists(path))
        {
            var kept = File.ReadAllText(path).Trim();
            if (kept.Length > 0) return (kept, false);
        }
        Directory.CreateDirectory(dataDirectory);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        // Written with owner-only permissions: the key opens every supporter's data.
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(new FileStream(path, fileOptions)))
        {
            writer.Write(key);
        }
        return (key, true);
    }
}
