using Dapper;
using Npgsql;

namespace Campaign.Core.Privacy;

/// <summary>
/// Gives the letters signed before <c>letter_key</c> existed their key (<see cref="LetterKeys"/>), in small
/// transactions at start-up like <see cref="Rekeying"/>: the letters already queued behind a target's throttle
/// are the ones a flood of copies left there, and they must collapse too. A crash loses nothing; the next start
/// takes up where it stopped. Once done, the start-up look is a probe of an empty index.
/// </summary>
public sealed class LetterKeying(NpgsqlDataSource dataSource, SupporterVault vault)
{
    private const int BatchSize = 500;

    private sealed record Row(long Id, int SealedWith, byte[] LetterBody);

    /// <summary>Keys every letter still without one; answers how many.</summary>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var letters = new LetterKeys(vault.Ring);
        long keyed = 0;
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Rows a supporter's request holds right now are left for the next batch (skip locked): they are let go within moments.
            var rows = (await connection.QueryAsync<Row>("""
                select id, sealed_with as SealedWith, letter_body as LetterBody from signatures
                where letter_body is not null and letter_key is null order by id limit @limit for update skip locked
                """, new { limit = BatchSize }, transaction)).ToList();
            if (rows.Count == 0)
            {
                var left = await connection.ExecuteScalarAsync<bool>(
                    "select exists (select 1 from signatures where letter_body is not null and letter_key is null)", transaction: transaction);
                if (!left) return keyed;
                await Task.Delay(200, cancellationToken);
                continue;
            }
            // Key 0: from before sealing, still plain text (the start-up resealing runs first, so rarely).
            var keys = rows.Select(r => letters.Of(r.SealedWith == 0
                ? System.Text.Encoding.UTF8.GetString(r.LetterBody) : vault.Open(r.LetterBody, SupporterVault.LetterBody))).ToArray();
            await connection.ExecuteAsync("""
                update signatures s set letter_key = k.key from unnest(@ids, @keys) as k(id, key) where s.id = k.id
                """, new { ids = rows.Select(r => r.Id).ToArray(), keys }, transaction);
            await transaction.CommitAsync(cancellationToken);
            keyed += rows.Count;
        }
    }
}
