using System.Security.Cryptography;
using Campaign.Service.Hosting;

namespace Campaign.Service.Embedded;

/// <summary>
/// The embedded cluster's <c>postgres</c> password: generated once, kept beside the data directory with
/// owner-only permissions (the service's user, not the <c>postgres</c> account, owns it).
/// </summary>
internal static class ClusterPassword
{
    public static string? TryRead(string path) => OwnerOnlyFile.TryRead(path);

    public static string ReadOrCreate(string path)
    {
        if (TryRead(path) is { } kept) return kept;
        // Hex: safe to write into ALTER ROLE, a pwfile and a connection string without quoting rules.
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        WriteOwnerOnly(path, password);
        return password;
    }

    public static void WriteOwnerOnly(string path, string text) => OwnerOnlyFile.Write(path, text);
}
