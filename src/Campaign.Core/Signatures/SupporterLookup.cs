using Dapper;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// Reads the supporters behind a batch of mail when it is sent, not when it was queued: a supporter who
/// withdrew in between is no longer found, and nothing personal is copied into the outbox.
/// </summary>
public sealed class SupporterLookup(NpgsqlDataSource dataSource)
{
    private const string Supporters = """
        select id, name, email, country, locale, comment, letter_body as LetterBody, share, replies
        from signatures where id = any(@ids) and status <> 'withdrawn'
        """;

    public async Task<Dictionary<long, SupporterDetails>> FindAsync(IEnumerable<long> signatureIds, CancellationToken cancellationToken)
    {
        var ids = signatureIds.Distinct().ToArray();
        if (ids.Length == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SupporterDetails>(Supporters, new { ids });
        return rows.ToDictionary(s => s.Id);
    }
}
