using Campaign.Core.Privacy;
using Npgsql;

namespace Campaign.Service.Hosting;

/// <summary>
/// Where a process finds its master key(s): <c>Privacy:DataKey</c> (and <c>Privacy:PreviousDataKey</c> during a
/// rotation), else the key generated once into <c>Data:Directory</c>, with mode 0600, and the next key an
/// unfinished <c>rotate-key</c> left beside it.
/// </summary>
public static class DataKeys
{
    public const string Setting = "Privacy:DataKey";
    public const string PreviousSetting = "Privacy:PreviousDataKey";

    public static string FileIn(string dataDirectory) => Path.Combine(dataDirectory, "data-key");

    public static string NextFileIn(string dataDirectory) => Path.Combine(dataDirectory, "data-key.next");

    /// <summary>True when the keys come from configuration rather than from <c>Data:Directory</c>.</summary>
    public static bool Configured(ServiceSettings settings) => !string.IsNullOrWhiteSpace(settings.Privacy.DataKey);

    /// <summary>This process's vault: its key(s) opening the database's keys.</summary>
    /// <exception cref="DataKeyException">The key is malformed or does not open this database's keys.</exception>
    public static async Task<(SupporterVault Vault, bool Generated)> OpenVaultAsync(ServiceSettings settings, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var (masters, generated) = Resolve(settings);
        return (new SupporterVault(await KeyRing.OpenAsync(dataSource, masters, cancellationToken), new CanonicalAddress(settings.Mailboxes.DotlessDomains)), generated);
    }

    /// <returns>The keys, the one to seal with first, and whether a key file was generated just now.</returns>
    /// <exception cref="DataKeyException">A configured key is malformed; the message names the setting.</exception>
    public static (IReadOnlyList<MasterKey> Keys, bool Generated) Resolve(ServiceSettings settings)
    {
        if (Configured(settings))
        {
            var keys = new List<MasterKey> { MasterKey.Parse(settings.Privacy.DataKey!, Setting) };
            if (!string.IsNullOrWhiteSpace(settings.Privacy.PreviousDataKey)) keys.Add(MasterKey.Parse(settings.Privacy.PreviousDataKey, PreviousSetting));
            return (keys, false);
        }
        var path = FileIn(settings.DataDirectory);
        var (text, generated) = OwnerOnlyFile.CreateOnce(path, MasterKey.Generate().Text);
        var found = new List<MasterKey> { MasterKey.Parse(text, path) };
        if (OwnerOnlyFile.TryRead(NextFileIn(settings.DataDirectory)) is { } next) found.Insert(0, MasterKey.Parse(next, NextFileIn(settings.DataDirectory)));
        return (found, generated);
    }
}
