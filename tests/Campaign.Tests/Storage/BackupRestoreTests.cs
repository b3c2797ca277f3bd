using Campaign.Core.Privacy;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Storage;

/// <summary>
/// A backup made while mail is half sent (<c>pg_dump -Fc</c>), restored into a new database (<c>pg_restore</c>):
/// a worker on the restored database sends every message that was still queued, once, and nothing that had
/// already gone.
/// </summary>
public sealed class BackupRestoreTests(WebRoleService service) : IClassFixture<WebRoleService>
{
    private const int Messages = 600;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task RestoredBackup_SendsWhatWasQueued_OnceEach_AndNothingAlreadySent()
    {
        var ids = await BulkSigners.QueueConfirmationsAsync(service.ConnectionString, service.Service.Services.GetRequiredService<SupporterVault>(),
            TestCampaigns.Petition, "backup", 1, Messages);
        using (var before = WorkerProcess.Start(service, "--Smtp:MaxPerSecond=200"))
        {
            await ServiceFixture.EventuallyAsync(async () => await CountAsync(service.ConnectionString, ids, "sent") >= 150, Patience, "a part of the mail sent");
            Assert.True(before.Terminate(TimeSpan.FromSeconds(30)));
        }
        var sentBefore = await CountAsync(service.ConnectionString, ids, "sent");
        Assert.True(sentBefore < Messages, "the backup is made mid-way");
        var arrivedBefore = Arrived(ids);

        var restored = await DatabaseDump.BackUpAndRestoreAsync(service.ConnectionString, "restored");
        using (var after = WorkerProcess.Start(service, $"--ConnectionStrings:Campaign={restored}"))
            await ServiceFixture.EventuallyAsync(async () => await CountAsync(restored, ids, "sent") == Messages, Patience, "the restored database's mail all sent");

        var arrivedAfter = Arrived(ids).Skip(arrivedBefore.Count).ToList();
        Assert.Equal(Messages - sentBefore, arrivedAfter.Count);
        Assert.Empty(arrivedAfter.Intersect(arrivedBefore));
        Assert.Equal(Messages, arrivedBefore.Concat(arrivedAfter).Distinct().Count());
    }

    private List<string> Arrived(HashSet<string> ids) =>
        service.Mailbox.Received.Select(m => TestMailbox.Parse(m).MessageId ?? "").Where(ids.Contains).ToList();

    private static async Task<long> CountAsync(string connectionString, HashSet<string> ids, string status)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>("select count(*) from messages where message_id = any(@ids) and status = @status",
            new { ids = ids.ToArray(), status });
    }
}
