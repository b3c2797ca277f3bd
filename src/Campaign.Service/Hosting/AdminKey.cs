using System.Security.Cryptography;

namespace Campaign.Service.Hosting;

/// <summary>The admin key: from <c>Admin:ApiKey</c>, else generated once and kept under <c>.data/</c>.</summary>
public static class AdminKey
{
    /// <summary>Where a generated key is kept.</summary>
    public static string FileIn(string dataDirectory) => Path.Combine(dataDirectory, "admin-key");

    /// <summary>The shortest key accepted: 32 characters, 128 bits or more of whatever alphabet it is written in.</summary>
    public const int MinimumLength = 32;

    /// <returns>The key, and whether it was generated just now (the only time it may be shown).</returns>
    /// <exception cref="StartupException">A configured key shorter than <see cref="MinimumLength"/>: it opens every supporter's data.</exception>
    public static (string Key, bool Generated) Resolve(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (configured.Length < MinimumLength)
                throw new StartupException($"Admin:ApiKey is {configured.Length} characters long; it must be at least {MinimumLength} (for example the output of `openssl rand -hex 24`)");
            return (configured, false);
        }
        var path = FileIn(dataDirectory);
        if (OwnerOnlyFile.TryRead(path) is { } kept) return (kept, false);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        // Owner-only: the key opens every supporter's data.
        OwnerOnlyFile.Write(path, key);
        return (key, true);
    }
}
