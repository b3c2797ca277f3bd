using System.Text;
using Dapper;
using Npgsql;

namespace Campaign.Core.Privacy;

/// <summary>
/// Makes every signature's lookup key again under the current address rules (<see cref="CanonicalAddress"/>),
/// from its sealed address, in small transactions at start-up, like <see cref="Resealing"/>: a crash loses
/// nothing and the next start takes up where it stopped. The suppressions, soft bounces and confirmation
/// counts kept under a row's old key move with it. Two rows of one campaign that turn out to be one mailbox:
/// the older keeps the key; the newer stays as it was under the marker <c>merged:&lt;id&gt;</c>, recorded in
/// <c>merged_signatures</c>, so no signature, count or letter disappears.
/// </summary>
public sealed class Rekeying(NpgsqlDataSource dataSource, SupporterVault vault, string rules)
{
    private const int BatchSize = 500;

    /// <summary>What a pass did, without a single address or key.</summary>
    public sealed record Outcome(long Rekeyed, long Merged);

    private sealed record Row(long Id, string Campaign, int SealedWith, string EmailKey, byte[]? Email, DateTime CreatedAt);

    public async Task<Outcome> RunAsync(CancellationToken cancellationToken)
    {
        await MarkIfRulesChangedAsync(cancellationToken);
        long rekeyed = 0, merged = 0;
        while (true)
        {
            var (done, joined) = await RekeyBatchAsync(cancellationToken);
            if (done == 0 && await RemainingAsync(cancellationToken) == 0) break;
            // What is left is held by a supporter's request right now; it is let go within moments.
            if (done == 0) await Task.Delay(200, cancellationToken);
            rekeyed += done;
            merged += joined;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("delete from confirmation_sends where sent_at < now() - interval '2 days'");
        return new Outcome(rekeyed, merged);
    }

    private async Task<long> RemainingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("select count(*) from signatures where keyed_as = 0");
    }

    private async Task MarkIfRulesChangedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await connection.ExecuteScalarAsync<string>("select rules from address_rules for update", transaction: transaction);
        if (stored == rules) return;
        await connection.ExecuteAsync("update signatures set keyed_as = 0 where keyed_as <> 0 and erased_at is null", transaction: transaction);
        await connection.ExecuteAsync("update address_rules set rules = @rules", new { rules }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<(long Done, long Merged)> RekeyBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>("""
            select id, campaign, sealed_with as SealedWith, email_key as EmailKey, email, created_at as CreatedAt
            from signatures where keyed_as = 0 order by id limit @limit for update skip locked
            """, new { limit = BatchSize }, transaction)).ToList();
        long merged = 0;
        foreach (var row in rows)
        {
            var email = row.Email is null ? null
                : row.SealedWith == 0 ? Encoding.UTF8.GetString(row.Email) : vault.Open(row.Email, SupporterVault.Email);
            // An erased row has no address and keeps its marker.
            var key = email is null ? row.EmailKey : vault.AddressKey(email);
            if (key != row.EmailKey) merged += await MoveKeyAsync(connection, transaction, row, key);
            await connection.ExecuteAsync("update signatures set keyed_as = 1 where id = @Id", new { row.Id }, transaction);
        }
        await transaction.CommitAsync(cancellationToken);
        return (rows.Count, merged);
    }

    /// <returns>1 when the row was merged into an older signature of the same mailbox.</returns>
    private static async Task<long> MoveKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Row row, string key)
    {
        var holder = await connection.QuerySingleOrDefaultAsync<(long Id, DateTime CreatedAt)?>(
            "select id, created_at from signatures where campaign = @Campaign and email_key = @key for update", new { row.Campaign, key }, transaction);
        var merged = 0;
        if (holder is { } other)
        {
            // The older signature keeps the key; the newer one keeps everything else.
            var (kept, newer) = other.CreatedAt <= row.CreatedAt ? (other.Id, row.Id) : (row.Id, other.Id);
            await connection.ExecuteAsync("""
                update signatures set email_key = 'merged:' || id where id = @newer;
                insert into merged_signatures (signature_id, kept_signature_id) values (@newer, @kept) on conflict (signature_id) do nothing
                """, new { newer, kept }, transaction);
            merged = 1;
            if (kept == row.Id) await connection.ExecuteAsync("update signatures set email_key = @key where id = @Id", new { key, row.Id }, transaction);
        }
        else
        {
            await connection.ExecuteAsync("update signatures set email_key = @key where id = @Id", new { key, row.Id }, transaction);
        }
        // What was kept about the mailbox under its old key follows it; the stricter suppression wins.
        await connection.ExecuteAsync("""
            insert into suppressed_addresses (address_key, suppressed_at, reason, allows_requested)
            select @key, suppressed_at, reason, allows_requested from suppressed_addresses where address_key = @old
            on conflict (address_key) do update set allows_requested = suppressed_addresses.allows_requested and excluded.allows_requested,
                suppressed_at = least(suppressed_addresses.suppressed_at, excluded.suppressed_at);
            delete from suppressed_addresses where address_key = @old;
            update soft_bounces set address_key = @key where address_key = @old;
            update confirmation_sends set address_key = @key where address_key = @old
            """, new { key, old = row.EmailKey }, transaction);
        return merged;
    }
}
