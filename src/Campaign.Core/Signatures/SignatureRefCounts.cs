using Dapper;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// How many signatures each <c>?ref=</c> code brought, per campaign: a counter, added to in the transaction that
/// takes the signatures, so it never says which supporter followed which link (the signature row holds no code).
/// </summary>
public sealed class SignatureRefCounts(NpgsqlDataSource dataSource)
{
    private const string Add = """
        insert into signature_ref_counts (campaign, ref, signed)
        select * from unnest(@Campaigns::text[], @Refs::text[], @Counts::bigint[])
        on conflict (campaign, ref) do update set signed = signature_ref_counts.signed + excluded.signed
        """;

    private const string ForCampaign = "select ref, signed from signature_ref_counts where campaign = @slug";

    /// <summary>Counts the new signatures of a batch by their code, in the batch's transaction.</summary>
    internal static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Signing> taken, CancellationToken cancellationToken)
    {
        // In one order everywhere: two processes adding to the same counters then wait for each other, never deadlock.
        var counts = taken.Where(s => s.Ref is not null).GroupBy(s => (s.Campaign.Slug, Ref: s.Ref!))
            .OrderBy(c => c.Key.Slug, StringComparer.Ordinal).ThenBy(c => c.Key.Ref, StringComparer.Ordinal).ToList();
        if (counts.Count == 0) return;
        await using var command = new NpgsqlCommand(Add, connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]>("Campaigns", [.. counts.Select(c => c.Key.Slug)]),
                new NpgsqlParameter<string[]>("Refs", [.. counts.Select(c => c.Key.Ref)]),
                new NpgsqlParameter<long[]>("Counts", [.. counts.Select(c => (long)c.Count())]),
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Signatures per code in one campaign, only the codes that brought any.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ForCampaignAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Ref, long Signed)>(new CommandDefinition(ForCampaign, new { slug }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Ref, r => r.Signed, StringComparer.Ordinal);
    }
}
