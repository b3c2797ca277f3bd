using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Dapper;
using Npgsql;

namespace Campaign.Core.Storage;

/// <summary>Keeps the <c>campaigns</c> rows in step with the campaign files, and holds the admin's pause.</summary>
public sealed class CampaignRows(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Upserts each campaign's row. Signatures and messages are never touched, except that mail still
    /// waiting for a target the file no longer names is cancelled, with the reason on each message.
    /// </summary>
    public async Task SyncAsync(IEnumerable<CampaignDefinition> campaigns, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var campaign in campaigns)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync("""
                insert into campaigns (slug, kind, status) values (@Slug, @Kind, @Status)
                on conflict (slug) do update set kind = excluded.kind, status = excluded.status, synced_at = now()
                """, new { campaign.Slug, Kind = campaign.Kind.ToString().ToLowerInvariant(), Status = campaign.Status.ToString().ToLowerInvariant() }, transaction);
            await OutboxWriter.CancelForRemovedTargetsAsync(connection, transaction, campaign.Slug, campaign.Targets.Select(t => t.Id).ToList(),
                "the target was removed from the campaign file");
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Sets the admin's pause; false when no such campaign row exists.</summary>
    public async Task<bool> SetPausedAsync(string slug, bool paused, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync("update campaigns set paused = @paused where slug = @slug", new { slug, paused }) == 1;
    }

    public async Task<bool> IsPausedAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool?>("select paused or status = 'paused' from campaigns where slug = @slug", new { slug }) ?? false;
    }
}
