using System.Collections.Concurrent;
using Campaign.Core.Signatures;
using Dapper;
using Npgsql;

namespace Campaign.Core.Ledger;

/// <summary>Reads a campaign's ledger: its entries (for exports), its chain checked, and its public summary.</summary>
/// <param name="time">For the public summary's refresh; the command-line verbs, which never read it, need none.</param>
public sealed class LedgerBook(NpgsqlDataSource dataSource, TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<string, SharedRefresh<Summary>> summaries = new(StringComparer.Ordinal);

    /// <summary>An entry with what came back afterwards: a bounce recorded against its message.</summary>
    public sealed record Row(LedgerEntry Entry, string? Bounce);

    /// <summary>Accepted letters and deliveries of one target on one day (UTC).</summary>
    public sealed record Day(string TargetId, DateOnly Date, long Letters, long Deliveries, long Signatures);

    public sealed record Summary(long Entries, string? Head, IReadOnlyList<Day> Days);

    private const string Entries = """
        select l.campaign as Campaign, l.seq as Seq, l.message as Message, l.target_id as TargetId, l.kind as Kind,
               l.message_id as MessageId, l.relay_reply as RelayReply, l.accepted_at as AcceptedAt,
               l.body_sha256 as BodySha256, l.signatures as Signatures, l.previous_hash as PreviousHash,
               l.entry_hash as EntryHash, case when m.status = 'bounced' then coalesce(m.last_error, 'bounced') end as Bounce
        from ledger_entries l left join messages m on m.id = l.message
        where l.campaign = @campaign and (@target::text is null or l.target_id = @target)
        order by l.seq
        """;

    public async Task<IReadOnlyList<Row>> RowsAsync(string campaign, string? targetId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Stored>(new CommandDefinition(Entries, new { campaign, target = targetId }, cancellationToken: cancellationToken));
        return rows.Select(r => new Row(new LedgerEntry(r.Campaign, r.Seq, r.Message, r.TargetId, r.Kind, r.MessageId, r.RelayReply,
            r.AcceptedAt, r.BodySha256, r.Signatures, r.PreviousHash, r.EntryHash), r.Bounce)).ToList();
    }

    /// <summary>Recomputes the campaign's whole chain.</summary>
    /// <param name="publishedHead">A head published earlier, which the chain must still contain.</param>
    public async Task<LedgerCheck> VerifyAsync(string campaign, CancellationToken cancellationToken, string? publishedHead = null) =>
        LedgerCheck.Of((await RowsAsync(campaign, null, cancellationToken)).Select(r => r.Entry), publishedHead);

    /// <summary>
    /// What the public ledger page and API show: counts per target and day, and the chain head; no message, no
    /// supporter. Read like the public signature counts: at most once a second per campaign, whatever the number of
    /// readers (<see cref="SignatureCounts.RefreshEvery"/>).
    /// </summary>
    public Task<Summary> PublicSummaryAsync(string campaign, CancellationToken cancellationToken) =>
        summaries.GetOrAdd(campaign, slug => new SharedRefresh<Summary>(_ => SummaryAsync(slug), time ?? TimeProvider.System,
            SignatureCounts.RefreshEvery, SignatureCounts.ShownStaleAtMost)).GetAsync(cancellationToken);

    private async Task<Summary> SummaryAsync(string campaign)
    {
        var cancellationToken = CancellationToken.None; // shared by every reader: one leaving does not cancel it
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var days = await connection.QueryAsync<(string TargetId, DateTime Date, long Letters, long Deliveries, long Signatures)>(new CommandDefinition("""
            select target_id, (accepted_at at time zone 'UTC')::date::timestamp,
                   count(*) filter (where kind = 'letter'), count(*) filter (where kind = 'delivery'), sum(signatures)::bigint
            from ledger_entries where campaign = @campaign
            group by 1, 2 order by 2, 1
            """, new { campaign }, cancellationToken: cancellationToken));
        var head = await connection.QuerySingleOrDefaultAsync<Head>(new CommandDefinition(
            "select seq as Seq, entry_hash as Hash from ledger_entries where campaign = @campaign order by seq desc limit 1", new { campaign }, cancellationToken: cancellationToken));
        return new Summary(head?.Seq ?? 0, head is null ? null : Convert.ToHexStringLower(head.Hash),
            days.Select(d => new Day(d.TargetId, DateOnly.FromDateTime(d.Date), d.Letters, d.Deliveries, d.Signatures)).ToList());
    }

    private sealed record Head(long Seq, byte[] Hash);

    private sealed record Stored(string Campaign, long Seq, long Message, string TargetId, string Kind, string MessageId, string RelayReply,
        DateTime AcceptedAt, byte[] BodySha256, long Signatures, byte[] PreviousHash, byte[] EntryHash, string? Bounce);
}
