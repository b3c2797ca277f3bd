using Campaign.Core.Privacy;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// Reads the supporters behind a batch of mail when it is sent, not when it was queued: a supporter who
/// withdrew in between is no longer found, and nothing personal is copied into the outbox. Their details are
/// opened here, in the process that composes the mail, and nowhere else on the way out.
/// </summary>
/// <remarks>
/// A letter whose text at least <see cref="IdenticalLetterOptions.IdenticalLettersLimit"/> other live signatures
/// of the campaign share (by <c>letter_key</c>) is read as no letter of the supporter's own, so the campaign's
/// letter goes instead. Decided here, at sending, so letters that waited behind a target's throttle while the
/// copies piled up collapse too. Counting stops at the limit: a flood of one text costs each letter the same.
/// </remarks>
public sealed class SupporterLookup(NpgsqlDataSource dataSource, SupporterVault vault, IOptions<IdenticalLetterOptions>? identical = null)
{
    private readonly int identicalLimit = identical?.Value.IdenticalLettersLimit ?? new IdenticalLetterOptions().IdenticalLettersLimit;

    private const string Supporters = $"""
        select id, name, email, trim(country) as country, locale, comment, letter_body as LetterBody, share, replies,
               s.letter_key is not null and (
                   select count(*) from (
                       select 1 from signatures o
                       where o.campaign = s.campaign and o.letter_key = s.letter_key and o.id <> s.id and {LiveSql}
                       limit @identicalLimit) copies
               ) >= @identicalLimit as IsCopy,
               status = 'invalidated' as IsInvalidated
        from signatures s where id = any(@ids) and status <> 'withdrawn'
        """;

    /// <summary>Signatures whose letters still count as copies: pending or confirmed (an erased one has no key).</summary>
    public const string LiveSql = "o.status in ('pending', 'confirmed')";

    private sealed record SealedRow(long Id, byte[]? Name, byte[]? Email, string Country, string Locale, byte[]? Comment, byte[]? LetterBody, bool Share, bool Replies,
        bool IsCopy, bool IsInvalidated);

    public async Task<Dictionary<long, SupporterDetails>> FindAsync(IEnumerable<long> signatureIds, CancellationToken cancellationToken)
    {
        var ids = signatureIds.Distinct().ToArray();
        if (ids.Length == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SealedRow>(Supporters, new { ids, identicalLimit });
        return rows.ToDictionary(r => r.Id, r => r.Email is null
            ? new SupporterDetails(r.Id, "", "", r.Country, r.Locale, null, null, Share: false, Replies: false, IsErased: true, IsInvalidated: r.IsInvalidated)
            : new SupporterDetails(r.Id, vault.Open(r.Name, SupporterVault.Name) ?? "", vault.Open(r.Email, SupporterVault.Email)!, r.Country, r.Locale,
                vault.Open(r.Comment, SupporterVault.Comment), r.IsCopy ? null : vault.Open(r.LetterBody, SupporterVault.LetterBody), r.Share, r.Replies,
                IsInvalidated: r.IsInvalidated));
    }
}
