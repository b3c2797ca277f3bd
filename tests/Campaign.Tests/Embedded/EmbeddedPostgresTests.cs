using System.Diagnostics;
using Campaign.Service.Embedded;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Campaign.Tests.Embedded;

public sealed class EmbeddedPostgresTests
{
    [Fact]
    public async Task StartAsync_FreshDirectory_CreatesClusterAndDatabaseThatAcceptConnections()
    {
        using var dir = new TempDirectory("campaign-pg");
        await using var postgres = await StartAsync(dir.Path);

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var version = new NpgsqlCommand("select version()", connection);
        Assert.StartsWith("PostgreSQL", (string?)await version.ExecuteScalarAsync(), StringComparison.Ordinal);
        Assert.Equal("campaign", connection.Database);
        Assert.True(postgres.OwnsServer);
    }

    [Fact]
    public async Task StartAsync_AfterStop_KeepsTheData()
    {
        using var dir = new TempDirectory("campaign-pg");
        await using (var first = await StartAsync(dir.Path))
        {
            await ExecuteAsync(first.ConnectionString, "create table letters (id int primary key, body text); insert into letters values (1, '석방하라')");
            await first.StopAsync();
        }

        await using var second = await StartAsync(dir.Path);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(second.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("select body from letters where id = 1", connection);
        Assert.Equal("석방하라", await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task StartAsync_OnRunningCluster_SharesItAndLeavesItRunningOnDispose()
    {
        using var dir = new TempDirectory("campaign-pg");
        await using var owner = await StartAsync(dir.Path);

        await using (var sharer = await StartAsync(dir.Path, database: "second"))
        {
            Assert.Equal(owner.Port, sharer.Port);
            Assert.False(sharer.OwnsServer);
            await ExecuteAsync(sharer.ConnectionString, "select 1");
        }

        await ExecuteAsync(owner.ConnectionString, "select 1");
    }

    [Fact]
    public async Task StartAsync_WithoutBinaries_FailsWithOneLineNamingThePackage()
    {
        using var dir = new TempDirectory("campaign-pg");
        using var emptyBin = new TempDirectory("campaign-nobin");
        var options = new EmbeddedPostgresOptions { DataDirectory = Path.Combine(dir.Path, "postgres"), BinDirectory = emptyBin.Path };

        var error = await Assert.ThrowsAsync<PostgresNotInstalledException>(
            () => EmbeddedPostgres.StartAsync(options, NullLogger.Instance, CancellationToken.None));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains(emptyBin.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestDatabase_CreateDatabaseAsync_GivesEachCallerItsOwnEmptyDatabase()
    {
        var first = await TestDatabase.CreateDatabaseAsync(nameof(EmbeddedPostgresTests));
        var second = await TestDatabase.CreateDatabaseAsync(nameof(EmbeddedPostgresTests));

        await ExecuteAsync(first, "create table signatures (id int)");
        await ExecuteAsync(second, "create table signatures (id int)");
        Assert.NotEqual(first, second);
    }

    private static async Task<EmbeddedPostgres> StartAsync(string root, string database = "campaign")
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = Path.Combine(root, "postgres"), Database = database, ForTests = true };
        var watch = Stopwatch.StartNew();
        var postgres = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, CancellationToken.None);
        Console.WriteLine($"EmbeddedPostgres.StartAsync took {watch.ElapsedMilliseconds} ms");
        return postgres;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        // No pooling: these clusters are stopped within the test, and a pooled connection would outlive them.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
