using System.Text.Json;
using Dapper;
using Npgsql;

namespace Campaign.Core.Deliveries;

/// <summary>What each target was sent and when: the organizer's proof of every delivery.</summary>
public sealed class DeliveryRecords(NpgsqlDataSource dataSource)
{
    public sealed record DeliveryView(
        long Id, string Target, string Reason, int? Milestone, int NewSignatures, long TotalSignatures,
        IReadOnlyDictionary<string, long> ByCountry, DateTime CreatedAt, string? MessageId, string? To, string? Status, DateTime? SentAt);

    public sealed record Row(
        long Id, string Target, string Reason, int? Milestone, int NewSignatures, long TotalSignatures,
        string ByCountry, DateTime CreatedAt, string? MessageId, string? To, string? Status, DateTime? SentAt);

    public async Task<IReadOnlyList<DeliveryView>> ListAsync(string campaign, string? target, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>("""
            select d.id, d.target_id as Target, d.reason, d.milestone, d.new_signatures as NewSignatures,
                   d.total_signatures as TotalSignatures, d.by_country::text as ByCountry, d.created_at as CreatedAt,
                   m.message_id as MessageId, m.to_address as To, m.status, m.sent_at as SentAt
            from deliveries d left join messages m on m.id = d.message
            where d.campaign = @campaign and (@target::text is null or d.target_id = @target)
            order by d.id desc
            """, new { campaign, target });
        return rows.Select(r => new DeliveryView(r.Id, r.Target, r.Reason, r.Milestone, r.NewSignatures, r.TotalSignatures,
            JsonSerializer.Deserialize<Dictionary<string, long>>(r.ByCountry) ?? [], r.CreatedAt, r.MessageId, r.To, r.Status, r.SentAt)).ToList();
    }

    /// <summary>The ids of the signatures a delivery carried, in order: what exactly the target received.</summary>
    public async Task<IReadOnlyList<long>> SignaturesOfAsync(string campaign, long delivery, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>("""
            select ds.signature_id from delivery_signatures ds join deliveries d on d.id = ds.delivery_id
            where d.campaign = @campaign and d.id = @delivery order by ds.signature_id
            """, new { campaign, delivery });
        return ids.ToList();
    }
}
