using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace Campaign.Core.Privacy;

/// <summary>
/// The database's half of <c>rotate-key</c>: checks the keys given before changing anything, adds a new field
/// key and wraps every key under the new master key, and at the end forgets the old ones. Running processes
/// keep working throughout: the new field key is wrapped under the old master key too until the end.
/// </summary>
public static class KeyRotation
{
    /// <summary>Checks <paramref name="previous"/> against the database and prepares <paramref name="next"/>; resumes a rotation already begun.</summary>
    /// <returns>A key ring that seals under the new field key and opens everything.</returns>
    /// <exception cref="DataKeyException">The old key is missing or wrong; nothing was changed.</exception>
    public static async Task<KeyRing> BeginAsync(NpgsqlDataSource dataSource, MasterKey next, MasterKey? previous, string previousSetting, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("lock table data_keys in exclusive mode", transaction: transaction);
        var rows = (await KeyRing.ReadAsync(connection, transaction)).ToList();
        var masters = new List<MasterKey> { next };
        if (previous is not null) masters.Add(previous);
        if (rows.Count > 0)
        {
            var openable = rows.Where(r => KeyRing.TryUnwrap(r, masters) is not null).ToList();
            if (openable.Count == 0)
            {
                var sealedUnder = string.Join(", ", rows.Select(r => r.MasterId).Distinct().Select(id => id.ToString("x8", CultureInfo.InvariantCulture)));
                throw new DataKeyException(previous is null
                    ? $"{previousSetting}: required: the key this database is sealed under now (key {sealedUnder}); nothing was changed"
                    : $"{previousSetting}: key {previous.Label} is not the key this database is sealed under (key {sealedUnder}); nothing was changed");
            }
            foreach (var purpose in new[] { KeyRing.Tokens, KeyRing.Addresses })
            {
                if (rows.Any(r => r.Purpose == purpose && r.MasterId == next.Id)) continue;
                var secret = openable.Where(r => r.Purpose == purpose).Select(r => KeyRing.TryUnwrap(r, masters)).FirstOrDefault()
                    ?? throw new DataKeyException($"{previousSetting}: does not open the {purpose} key of this database; nothing was changed");
                await KeyRing.InsertAsync(connection, transaction, KeyRing.Wrap(next, purpose, 1, secret));
            }
            var newest = rows.Where(r => r.Purpose == KeyRing.Fields).Max(r => r.Id);
            var resuming = rows.Any(r => r.Purpose == KeyRing.Fields && r.Id == newest && r.MasterId == next.Id);
            if (!resuming)
            {
                // A new field key, so rotation means re-sealing everything, not only re-wrapping one key.
                var fieldKey = RandomNumberGenerator.GetBytes(32);
                await KeyRing.InsertAsync(connection, transaction, KeyRing.Wrap(next, KeyRing.Fields, newest + 1, fieldKey));
                // Wrapped under the old master key as well: processes still running with it seal and open under the new key.
                if (previous is not null) await KeyRing.InsertAsync(connection, transaction, KeyRing.Wrap(previous, KeyRing.Fields, newest + 1, fieldKey));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return await KeyRing.OpenAsync(dataSource, masters, cancellationToken);
    }

    /// <summary>Forgets every key but the new master's wraps of the current keys; only once no row is left under an older key.</summary>
    public static async Task RetireAsync(NpgsqlDataSource dataSource, MasterKey next, int currentFieldKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "delete from data_keys where master_id <> @master or (purpose = 'fields' and id <> @currentFieldKey)",
            new { master = next.Id, currentFieldKey });
    }
}
