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
        if (OwnerOnlyFile.TryRead(path) is { } kept) return (kept, false);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        // Owner-only: the key opens every supporter's data.
        OwnerOnlyFile.Write(path, key);
        return (key, true);
    }
}
