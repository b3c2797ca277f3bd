using System.Security.Cryptography;

namespace Campaign.Service.Embedded;

/// <summary>
/// The embedded cluster's <c>postgres</c> password: generated once, kept beside the data directory with
/// owner-only permissions (the service's user, not the <c>postgres</c> account, owns it).
/// </summary>
internal static class ClusterPassword
{
    public static string? TryRead(string path) => File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } kept ? kept : null;

    public static string ReadOrCreate(string path)
    {
        if (TryRead(path) is { } kept) return kept;
        // Hex: safe to write into ALTER ROLE, a pwfile and a connection string without quoting rules.
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        WriteOwnerOnly(path, password);
        return password;
    }

    public static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(text);
    }
}
