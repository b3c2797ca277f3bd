using Dapper;
using Npgsql;

namespace Campaign.Core.Deliverability;

/// <summary>
/// Addresses that get no more mail, by lookup key (<c>SupporterVault.AddressKey</c>), never by address.
/// Checked when mail is queued and again just before it is sent.
/// </summary>
public sealed class Suppressions(NpgsqlDataSource dataSource)
{
    /// <param name="AllowsRequested">Mail the owner asks for after <see cref="Since"/> (a new signature's confirmation) still goes.</param>
    public sealed record Entry(string AddressKey, string Reason, DateTime Since, bool AllowsRequested);

    /// <summary>
    /// Suppresses the address, inside the caller's transaction. An address suppressed twice keeps the
    /// stricter rule: a complaint after a hard bounce does not let requested mail through again.
    /// </summary>
    public static Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string addressKey, string reason, bool allowsRequested, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            insert into suppressed_addresses (address_key, suppressed_at, reason, allows_requested)
            values (@addressKey, @now, @reason, @allowsRequested)
            on conflict (address_key) do update
            set reason = case when suppressed_addresses.allows_requested and not excluded.allows_requested then excluded.reason else suppressed_addresses.reason end,
                allows_requested = suppressed_addresses.allows_requested and excluded.allows_requested
            """, new { addressKey, now = now.UtcDateTime, reason, allowsRequested }, transaction);

    /// <summary>Which of these addresses are suppressed, and how.</summary>
    public async Task<Dictionary<string, Entry>> FindAsync(IReadOnlyCollection<string> addressKeys, CancellationToken cancellationToken)
    {
        if (addressKeys.Count == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, addressKeys, cancellationToken);
    }

    /// <summary>The same, inside the caller's transaction: for mail about to be queued in it.</summary>
    public static async Task<Dictionary<string, Entry>> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IReadOnlyCollection<string> addressKeys, CancellationToken cancellationToken)
    {
        if (addressKeys.Count == 0) return [];
        var rows = await connection.QueryAsync<Entry>(new CommandDefinition("""
            select address_key as AddressKey, reason, suppressed_at as Since, allows_requested as AllowsRequested
            from suppressed_addresses where address_key = any(@keys)
            """, new { keys = addressKeys.Distinct().ToArray() }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.AddressKey);
    }

    public async Task<IReadOnlyList<Entry>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Entry>(new CommandDefinition("""
            select address_key as AddressKey, reason, suppressed_at as Since, allows_requested as AllowsRequested
            from suppressed_addresses order by suppressed_at desc limit @limit
            """, new { limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Lets mail go to the address again; its soft bounces are forgotten with it.</summary>
    public async Task<bool> RemoveAsync(string addressKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("delete from soft_bounces where address_key = @addressKey", new { addressKey }, cancellationToken: cancellationToken));
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from suppressed_addresses where address_key = @addressKey", new { addressKey }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Whether a message queued at <paramref name="queuedAt"/> to a suppressed address must stay unsent.</summary>
    public static bool Holds(Entry entry, DateTime queuedAt) => !entry.AllowsRequested || queuedAt <= entry.Since;
}
