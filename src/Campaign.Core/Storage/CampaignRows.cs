using Campaign.Core.Campaigns;
using Dapper;
using Npgsql;

namespace Campaign.Core.Storage;

/// <summary>Keeps the <c>campaigns</c> rows in step with the campaign files, and holds the admin's pause.</summary>
public sealed class CampaignRows(NpgsqlDataSource dataSource)
{
    public async Task SyncAsync(IEnumerable<CampaignDefinition> campaigns, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var campaign in campaigns)
        {
            await connection.ExecuteAsync("""
                insert into campaigns (slug, kind, status) values (@Slug, @Kind, @Status)
                on conflict (slug) do update set kind = excluded.kind, status = excluded.status, synced_at = now()
                """, new { campaign.Slug, Kind = campaign.Kind.ToString().ToLowerInvariant(), Status = campaign.Status.ToString().ToLowerInvariant() });
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
