using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// Confirmed-signature counts for the public pages. Counted from the signatures themselves (no hot counter
/// row to update per signature, issue 14) by an index-only scan of <c>signatures_counted_by_country</c>, and
/// shared: per campaign one count at a time and at most one a second, whatever the number of readers.
/// </summary>
public sealed partial class SignatureCounts(NpgsqlDataSource dataSource, TimeProvider time, ILogger<SignatureCounts> logger, IOptions<IdenticalLetterOptions>? identical = null)
{
    private readonly int identicalLimit = identical?.Value.IdenticalLettersLimit ?? new IdenticalLetterOptions().IdenticalLettersLimit;

    private const string CountConfirmed = $"select count(*) from signatures where campaign = @campaign and {SignatureStatus.CountsSql}";

    // Grouped by the column itself, not trim(country), so the partial index answers it without the table
    // (Signatures/CountQueryPlanTests checks the plan).
    internal const string CountByCountry =
        $"select trim(country), count(*) from signatures where campaign = @campaign and {SignatureStatus.CountsSql} group by country";

    /// <summary>How often a campaign's public count is counted again, at most.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The oldest count shown without waiting for a recount. Under steady reading a count is at most about
    /// <see cref="RefreshEvery"/> old, so readers never wait; after a quiet spell (a supporter confirming on a
    /// quiet night, then reading the thanks page) the reader waits for a count that is current.
    /// </summary>
    public static readonly TimeSpan ShownStaleAtMost = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, SharedRefresh<CampaignCount>> counts = new(StringComparer.Ordinal);

    public sealed record CampaignCount(long Confirmed, IReadOnlyDictionary<string, long> ByCountry);

    /// <summary>
    /// A campaign's public count: about a second old under steady reading, never older than <see cref="ShownStaleAtMost"/>
    /// unless recounting fails. Exact counts, for milestones or inside a transaction, come from <see cref="ConfirmedAsync"/>.
    /// </summary>
    public Task<CampaignCount> ForCampaignAsync(string slug, CancellationToken cancellationToken = default) =>
        counts.GetOrAdd(slug, campaign => new SharedRefresh<CampaignCount>(_ => CountAsync(campaign), time, RefreshEvery, ShownStaleAtMost,
            exception => RecountFailed(logger, campaign, exception))).GetAsync(cancellationToken);

    private async Task<CampaignCount> CountAsync(string campaign)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var byCountry = await ByCountryAsync(connection, campaign);
        return new CampaignCount(byCountry.Values.Sum(), byCountry);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting the signatures of {Campaign} failed; the public pages show the last count")]
    private static partial void RecountFailed(ILogger logger, string campaign, Exception exception);

    /// <summary>A campaign's confirmed signatures, counted now (inside the caller's transaction, if any).</summary>
    public static Task<long> ConfirmedAsync(NpgsqlConnection connection, string campaign, NpgsqlTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<long>(CountConfirmed, new { campaign }, transaction);

    /// <summary><see cref="ConfirmedAsync"/> for code that cannot wait asynchronously (composing a message).</summary>
    public static long Confirmed(NpgsqlConnection connection, string campaign) =>
        connection.ExecuteScalar<long>(CountConfirmed, new { campaign });

    /// <summary>A campaign's confirmed signatures by country, largest first, counted now.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> ByCountryAsync(NpgsqlConnection connection, string campaign, NpgsqlTransaction? transaction = null)
    {
        var rows = await connection.QueryAsync<(string Country, long Count)>(CountByCountry, new { campaign }, transaction);
        return rows.OrderByDescending(r => r.Count).ThenBy(r => r.Country, StringComparer.Ordinal).ToDictionary(r => r.Country, r => r.Count);
    }

    /// <summary>The name the countries below the floor are reported under.</summary>
    public const string OtherCountries = "other";

    /// <summary>
    /// Counts by country as anyone but an admin may see them: countries with fewer than <paramref name="floor"/>
    /// signatures are added up under <see cref="OtherCountries"/>, last. <c>other</c> is shown even when it is
    /// itself below the floor: it no longer names a country, and hiding it would make the total disagree.
    /// </summary>
    public static IReadOnlyDictionary<string, long> WithFloor(IReadOnlyDictionary<string, long> byCountry, int floor)
    {
        var shown = byCountry.Where(c => c.Value >= floor).ToDictionary(c => c.Key, c => c.Value);
        var other = byCountry.Where(c => c.Value < floor).Sum(c => c.Value);
        if (other > 0) shown[OtherCountries] = other;
        return shown;
    }

    /// <summary>Pending and confirmed signatures per campaign, for admins (never cached).</summary>
    public async Task<Dictionary<string, (long Pending, long Confirmed)>> ByStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = await Reports.KeptCounts.ByStatusAsync(connection, Reports.KeptCounts.Signatures);
        return counts.ToDictionary(c => c.Key, c => (c.Value.GetValueOrDefault(SignatureStatus.Pending), c.Value.GetValueOrDefault(SignatureStatus.Confirmed)));
    }

    /// <summary>
    /// Letters per campaign that carry the supporter's own words instead of the template (not counting
    /// cancelled ones). Only meaningful where <c>letter.editable</c> is true; the caller decides. A letter whose
    /// text is one of many copies (<see cref="SupporterLookup"/>) goes as the campaign's letter, so it is not
    /// counted: the count follows the copies as they stand now, as the letters still queued will be sent.
    /// </summary>
    public async Task<Dictionary<string, long>> PersonalisedLettersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One pass over the keyed letters: the texts shared by more than the limit (each copy has that many others).
        var rows = await connection.QueryAsync<(string Campaign, long Count)>($"""
            with copied as (
                select o.campaign, o.letter_key from signatures o
                where o.letter_key is not null and {SupporterLookup.LiveSql}
                group by o.campaign, o.letter_key having count(*) > @identicalLimit
            )
            select m.campaign, count(*) from messages m join signatures s on s.id = m.signature_id
            where m.kind = 'letter' and m.status <> 'cancelled' and (s.own_letter or s.letter_body is not null)
              and not exists (select 1 from copied c where c.campaign = s.campaign and c.letter_key = s.letter_key)
            group by m.campaign
            """, new { identicalLimit });
        return rows.ToDictionary(r => r.Campaign, r => r.Count);
    }
}
