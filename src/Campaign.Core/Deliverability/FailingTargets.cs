using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Dapper;
using Npgsql;

namespace Campaign.Core.Deliverability;

/// <summary>
/// Targets whose address bounced for good. Their mail is held — queued, neither failed nor sent — while the
/// flag names the address their mail goes to: an admin clearing the flag, or a campaign file that gives the
/// target another address, lets it go.
/// </summary>
public sealed class FailingTargets(NpgsqlDataSource dataSource)
{
    public sealed record Flag(string Campaign, string TargetId, string Address, string Reason, DateTime Since);

    /// <summary>Flags the target inside the caller's transaction; true when it was not flagged already.</summary>
    public static async Task<bool> FlagAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string campaign, string targetId, string address, string reason, DateTimeOffset now) =>
        await connection.ExecuteAsync("""
            insert into failing_targets (campaign, target_id, address, reason, since)
            values (@campaign, @targetId, @address, @reason, @now)
            on conflict (campaign, target_id) do update
            set address = excluded.address, reason = excluded.reason, since = excluded.since
            where failing_targets.address <> excluded.address
            """, new { campaign, targetId, address, reason, now = now.UtcDateTime }, transaction) > 0;

    public async Task<IReadOnlyList<Flag>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Flag>(new CommandDefinition("""
            select campaign, target_id as TargetId, address, reason, since from failing_targets order by since desc
            """, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Lifts the flag of every target whose mail now goes to another address than the one that failed (the
    /// campaign file changed it), and sends its waiting mail to the new address. Mail queued for the sandbox
    /// address is never re-addressed to a government.
    /// </summary>
    /// <returns>How many flags were lifted.</returns>
    public async Task<int> ReleaseChangedAsync(CampaignCatalog catalog, DeliveryOptions delivery, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var flags = (await connection.QueryAsync<Flag>(new CommandDefinition(
            "select campaign, target_id as TargetId, address, reason, since from failing_targets", cancellationToken: cancellationToken))).ToList();
        var lifted = 0;
        foreach (var flag in flags)
        {
            if (catalog.Find(flag.Campaign)?.FindTarget(flag.TargetId) is not { } target) continue;
            var current = TargetAddress.For(target, delivery);
            if (string.Equals(current, flag.Address, StringComparison.OrdinalIgnoreCase)) continue;
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!string.Equals(flag.Address, delivery.SandboxAddress, StringComparison.OrdinalIgnoreCase))
                await connection.ExecuteAsync("""
                    update messages set to_address = @current
                    where campaign = @Campaign and target_id = @TargetId and status in ('queued', 'deferred') and to_address = @Address
                    """, new { current, flag.Campaign, flag.TargetId, flag.Address }, transaction);
            lifted += await connection.ExecuteAsync(
                "delete from failing_targets where campaign = @Campaign and target_id = @TargetId and address = @Address", flag, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
        return lifted;
    }

    public async Task<bool> ClearAsync(string campaign, string targetId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from failing_targets where campaign = @campaign and target_id = @targetId", new { campaign, targetId }, cancellationToken: cancellationToken)) > 0;
    }
}
