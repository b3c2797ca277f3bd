using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Campaign.Core.Privacy;

/// <summary>
/// The keys behind supporters' data, kept in the database only wrapped under a master key (<c>data_keys</c>):
/// the field keys that seal names, addresses and letters (a new one per rotation), the token secret that
/// signs supporters' links, and the secret of the address lookup key. A process opens them with its master
/// key(s) and re-reads them now and then, so a rotation run beside it is picked up without a restart.
/// </summary>
public sealed class KeyRing
{
    public const string Fields = "fields";
    public const string Tokens = "tokens";
    public const string Addresses = "addresses";

    /// <summary>How often a running process looks for keys added by a rotation.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    // Any constant unique to this purpose: first starts of several processes take turns creating the keys.
    private const long CreateLockKey = 0x4b65795269_6e67; // "KeyRing"

    private readonly NpgsqlDataSource dataSource;
    private readonly IReadOnlyList<MasterKey> masters;
    private readonly Lock refreshing = new();
    private volatile Keys keys;
    private long lastMissLookup = long.MinValue / 2;

    private sealed record Keys(IReadOnlyDictionary<int, byte[]> FieldKeys, int CurrentFieldKey, byte[] TokenSecret, byte[] AddressSecret);

    internal sealed record WrappedKey(string Purpose, int Id, int MasterId, byte[] Wrapped);

    private KeyRing(NpgsqlDataSource dataSource, IReadOnlyList<MasterKey> masters, Keys keys)
    {
        this.dataSource = dataSource;
        this.masters = masters;
        this.keys = keys;
    }

    public MasterKey Master => masters[0];

    public int CurrentFieldKey => keys.CurrentFieldKey;

    public byte[] TokenSecret => keys.TokenSecret;

    public byte[] AddressSecret => keys.AddressSecret;

    /// <summary>Opens the keys with <paramref name="masters"/> (the current one first), creating them on a database's first start.</summary>
    /// <exception cref="DataKeyException">None of the master keys opens the database's keys.</exception>
    public static async Task<KeyRing> OpenAsync(NpgsqlDataSource dataSource, IReadOnlyList<MasterKey> masters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("select pg_advisory_xact_lock(@key)", new { key = CreateLockKey }, transaction);
        var rows = (await ReadAsync(connection, transaction)).ToList();
        if (rows.Count == 0)
        {
            // The token secret of a database from before sealing keeps working: links already emailed stay valid.
            var tokens = await connection.ExecuteScalarAsync<byte[]?>(
                "delete from app_secrets where name = 'supporter-tokens' returning value", transaction: transaction) ?? RandomNumberGenerator.GetBytes(32);
            rows = [Wrap(masters[0], Tokens, 1, tokens), Wrap(masters[0], Addresses, 1, RandomNumberGenerator.GetBytes(32)),
                Wrap(masters[0], Fields, 1, RandomNumberGenerator.GetBytes(32))];
            foreach (var row in rows) await InsertAsync(connection, transaction, row);
        }
        await transaction.CommitAsync(cancellationToken);
        return new KeyRing(dataSource, masters, Unwrap(rows, masters));
    }

    /// <summary>Picks up keys a rotation added since the last look; keys it cannot open are left alone.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await ReadAsync(connection, null);
        lock (refreshing) keys = Unwrap(rows, masters, keys);
    }

    /// <summary>The field key with this id, looking in the database once more when a rotation may have just added it.</summary>
    internal byte[]? FieldKey(int id)
    {
        if (keys.FieldKeys.TryGetValue(id, out var key)) return key;
        // At most one look per second, so a value under a key that is truly gone cannot turn every read into a query.
        var now = Environment.TickCount64;
        if (now - lastMissLookup > 1000)
        {
            lastMissLookup = now;
            RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        return keys.FieldKeys.GetValueOrDefault(id);
    }

    internal static async Task<IEnumerable<WrappedKey>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction) =>
        await connection.QueryAsync<WrappedKey>(
            "select purpose, id, master_id as MasterId, wrapped from data_keys order by purpose, id", transaction: transaction);

    internal static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WrappedKey row) =>
        connection.ExecuteAsync("""
            insert into data_keys (purpose, id, master_id, wrapped) values (@Purpose, @Id, @MasterId, @Wrapped)
            on conflict do nothing
            """, row, transaction);

    internal static WrappedKey Wrap(MasterKey master, string purpose, int id, byte[] key)
    {
        using var aes = new AesGcm(master.WrappingKey, 16);
        return new WrappedKey(purpose, id, master.Id, SealedBox.Seal(aes, master.Id, key, Associated(purpose, id)));
    }

    internal static byte[]? TryUnwrap(WrappedKey row, IEnumerable<MasterKey> masters)
    {
        var master = masters.FirstOrDefault(m => m.Id == row.MasterId);
        if (master is null) return null;
        using var aes = new AesGcm(master.WrappingKey, 16);
        try
        {
            return SealedBox.Open(aes, row.Wrapped, Associated(row.Purpose, row.Id));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] Associated(string purpose, int id) => Encoding.ASCII.GetBytes($"{purpose}:{id}");

    private static Keys Unwrap(IEnumerable<WrappedKey> rows, IReadOnlyList<MasterKey> masters, Keys? known = null)
    {
        var list = rows.ToList();
        var fields = new Dictionary<int, byte[]>(known?.FieldKeys ?? new Dictionary<int, byte[]>());
        byte[]? tokens = known?.TokenSecret, addresses = known?.AddressSecret;
        foreach (var row in list)
        {
            if (row.Purpose == Fields && fields.ContainsKey(row.Id)) continue;
            if (TryUnwrap(row, masters) is not { } key) continue;
            switch (row.Purpose)
            {
                case Fields: fields[row.Id] = key; break;
                case Tokens: tokens ??= key; break;
                case Addresses: addresses ??= key; break;
            }
        }
        if (tokens is null || addresses is null || fields.Count == 0)
        {
            var sealedUnder = string.Join(", ", list.Select(r => r.MasterId).Distinct().Select(id => id.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));
            throw new DataKeyException(
                $"Privacy:DataKey: key {masters[0].Label} does not open this database's supporter data, which is sealed under key {sealedUnder}. " +
                "Every process of one database needs the same Privacy:DataKey; without it the names and addresses cannot be read.");
        }
        return new Keys(fields, fields.Keys.Max(), tokens, addresses);
    }
}
