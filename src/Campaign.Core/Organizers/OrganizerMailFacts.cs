using System.Collections.Concurrent;
using System.Text.Json;
using Campaign.Core.Composition;
using Campaign.Core.Deliveries;
using Campaign.Core.Notices;
using Campaign.Core.Privacy;
using Campaign.Core.Signatures;
using Dapper;
using Npgsql;

namespace Campaign.Core.Organizers;

/// <summary>
/// Reads what a delivery or notice says when the dispatcher composes it. Composition is synchronous, so
/// these are small synchronous reads on the dispatcher's worker thread. Signers who withdrew since the
/// delivery was made are left out of its CSV: their erasure reaches mail not yet sent.
/// </summary>
public sealed class OrganizerMailFacts(NpgsqlDataSource dataSource, SupporterVault vault, TimeProvider time) : IMailFacts
{
    // A letter batch to thousands of targets costs one count, not one per letter.
    private static readonly TimeSpan CountCachedFor = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, long Count)> counts = new(StringComparer.Ordinal);

    public sealed record DeliveryRow(long Id, string Reason, int? Milestone, int NewSignatures, long TotalSignatures, string ByCountry, DateTime CreatedAt);

    public DeliveryFacts? FindDelivery(long messageRow)
    {
        using var connection = dataSource.OpenConnection();
        var row = connection.QuerySingleOrDefault<DeliveryRow>("""
            select id, reason, milestone, new_signatures as NewSignatures, total_signatures as TotalSignatures,
                   by_country::text as ByCountry, created_at as CreatedAt
            from deliveries where message = @messageRow
            """, new { messageRow });
        if (row is null) return null;
        var signers = connection.Query<(byte[] Name, string Country)>($$"""
            select s.name, trim(s.country) as country
            from delivery_signatures d join signatures s on s.id = d.signature_id
            where d.delivery_id = @id and s.share and s.name is not null and s.{{SignatureStatus.CountsSql}}
            order by s.confirmed_at, s.id
            """, new { row.Id }).Select(s => new SharedSigner(vault.Open(s.Name, SupporterVault.Name)!, s.Country)).ToList();
        var byCountry = JsonSerializer.Deserialize<Dictionary<string, long>>(row.ByCountry) ?? [];
        return new DeliveryFacts(row.Id, row.Reason, row.Milestone, row.NewSignatures, row.TotalSignatures,
            byCountry.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToDictionary(),
            signers, new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)));
    }

    public NoticeFacts? FindNotice(long messageRow)
    {
        using var connection = dataSource.OpenConnection();
        return connection.QuerySingleOrDefault<NoticeFacts>("""
            select n.event, n.milestone, n.signatures, coalesce(d.target_id, n.target_id) as TargetId, d.new_signatures as NewSignatures, n.reason
            from notices n left join deliveries d on d.id = n.delivery
            where n.message = @messageRow
            """, new { messageRow });
    }

    /// <summary>From the message's dedupe key, <c>update:{campaign}:{update}:{signature}</c> (UpdateFanOut).</summary>
    public string? FindUpdate(long messageRow)
    {
        using var connection = dataSource.OpenConnection();
        var key = connection.ExecuteScalar<string?>("select dedupe_key from messages where id = @messageRow", new { messageRow });
        return key?.Split(':') is ["update", _, var update, _] ? update : null;
    }

    public long ConfirmedSignatures(string campaign)
    {
        var now = time.GetUtcNow();
        if (counts.TryGetValue(campaign, out var hit) && now - hit.At < CountCachedFor) return hit.Count;
        using var connection = dataSource.OpenConnection();
        var count = SignatureCounts.Confirmed(connection, campaign);
        counts[campaign] = (now, count);
        return count;
    }
}
