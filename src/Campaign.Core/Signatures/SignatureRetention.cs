using Campaign.Core.Campaigns;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>
/// The daily job that erases every supporter of a campaign once <c>retention_days</c> have passed since it
/// closed. The signatures still count; nobody is left in them. Safe to run twice, at once or after a crash:
/// each batch commits on its own and an erased signature is never picked again.
/// </summary>
public sealed partial class SignatureRetention(NpgsqlDataSource dataSource, CampaignCatalog catalog, TimeProvider time, ILogger<SignatureRetention> logger)
{
    private const int BatchSize = 1_000;

    // Walks the campaign's signatures by id, so each batch starts where the last one ended.
    private const string NextBatch = """
        select id from signatures where campaign = @campaign and erased_at is null and id > @after
        order by id limit @limit for update skip locked
        """;

    /// <summary>When a campaign's supporters are erased: <c>closes</c> plus <c>retention_days</c>; never for a campaign that does not close.</summary>
    public static DateTimeOffset? ErasureDue(CampaignDefinition campaign) =>
        campaign.Closes is { } closes ? closes + TimeSpan.FromDays(campaign.RetentionDays) : null;

    [AutomaticRetry(Attempts = 3)]
    public async Task<int> EraseAfterRetentionAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var total = 0;
        foreach (var campaign in catalog.All.Where(c => ErasureDue(c) <= now))
        {
            var erased = await EraseCampaignAsync(campaign.Slug, now, cancellationToken);
            if (erased > 0) LogErased(campaign.Slug, erased);
            total += erased;
        }
        return total;
    }

    private async Task<int> EraseCampaignAsync(string campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (erased, after) = (0, 0L);
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var ids = (await connection.QueryAsync<long>(NextBatch, new { campaign, after, limit = BatchSize }, transaction)).ToArray();
            if (ids.Length == 0) return erased;
            erased += (await SupporterErasure.EraseInAsync(connection, transaction, ids, ErasureReason.Retention, now)).Erased;
            await transaction.CommitAsync(cancellationToken);
            after = ids[^1];
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign}: erased {Count} supporters after its retention period")]
    private partial void LogErased(string campaign, int count);
}
