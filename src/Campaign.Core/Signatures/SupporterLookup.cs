using Campaign.Core.Privacy;
using Dapper;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// Reads the supporters behind a batch of mail when it is sent, not when it was queued: a supporter who
/// withdrew in between is no longer found, and nothing personal is copied into the outbox. Their details are
/// opened here, in the process that composes the mail, and nowhere else on the way out.
/// </summary>
public sealed class SupporterLookup(NpgsqlDataSource dataSource, SupporterVault vault)
{
    private const string Supporters = """
        select id, name, email, trim(country) as country, locale, comment, letter_body as LetterBody, share, replies
        from signatures where id = any(@ids) and status <> 'withdrawn'
        """;

    private sealed record SealedRow(long Id, byte[]? Name, byte[]? Email, string Country, string Locale, byte[]? Comment, byte[]? LetterBody, bool Share, bool Replies);

    public async Task<Dictionary<long, SupporterDetails>> FindAsync(IEnumerable<long> signatureIds, CancellationToken cancellationToken)
    {
        var ids = signatureIds.Distinct().ToArray();
        if (ids.Length == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SealedRow>(Supporters, new { ids });
        return rows.ToDictionary(r => r.Id, r => r.Email is null
            ? new SupporterDetails(r.Id, "", "", r.Country, r.Locale, null, null, Share: false, Replies: false, IsErased: true)
            : new SupporterDetails(r.Id, vault.Open(r.Name, SupporterVault.Name) ?? "", vault.Open(r.Email, SupporterVault.Email)!, r.Country, r.Locale,
                vault.Open(r.Comment, SupporterVault.Comment), vault.Open(r.LetterBody, SupporterVault.LetterBody), r.Share, r.Replies));
    }
}
