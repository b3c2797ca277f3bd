using Campaign.Core.Storage;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Campaign.Tests.Storage;

public sealed class MigratorTests
{
    [Fact]
    public async Task Migrate_FourProcessesAtOnce_AppliesEachMigrationExactlyOnce()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync(nameof(MigratorTests));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync())));

        var migrations = Migrator.LoadMigrations().Count();
        Assert.Equal(migrations, applied.Sum());
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(migrations, await connection.ExecuteScalarAsync<long>("select count(*) from schema_migrations"));
        Assert.Equal(0, await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync());
    }
}
