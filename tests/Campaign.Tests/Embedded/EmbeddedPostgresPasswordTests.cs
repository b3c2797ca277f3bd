using Campaign.Service.Embedded;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Campaign.Tests.Embedded;

/// <summary>The embedded cluster lets in only who has its password, and keeps that password owner-only.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EmbeddedPostgresPasswordTests
{
    [Fact]
    public async Task StartAsync_FreshDirectory_AsksEveryConnectionForThePasswordKeptOwnerOnly()
    {
        using var dir = new TempDirectory("campaign-pg");
        await using var postgres = await StartAsync(dir.Path);

        Assert.Empty(TrustLines(postgres.DataDirectory));
        Assert.Contains(HbaLines(postgres.DataDirectory), line => line.EndsWith("scram-sha-256", StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(postgres.PasswordFile));
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "initdb-password-*", SearchOption.AllDirectories));
        await AssertPasswordRequiredAsync(postgres);
    }

    [Fact]
    public async Task StartAsync_ClusterThatTrustedEveryone_IsMovedToScramWithANewKeptPassword()
    {
        using var dir = new TempDirectory("campaign-pg");
        await using (var first = await StartAsync(dir.Path))
        {
            await first.StopAsync();
            // What initdb -A trust wrote for clusters made before passwords, with no password file beside it.
            var hba = Path.Combine(first.DataDirectory, "pg_hba.conf");
            File.WriteAllText(hba, File.ReadAllText(hba).Replace("scram-sha-256", "trust", StringComparison.Ordinal));
            File.Delete(first.PasswordFile);
            Assert.NotEmpty(TrustLines(first.DataDirectory));
        }

        await using var upgraded = await StartAsync(dir.Path);

        Assert.Empty(TrustLines(upgraded.DataDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(upgraded.PasswordFile));
        await AssertPasswordRequiredAsync(upgraded);
    }

    private static async Task AssertPasswordRequiredAsync(EmbeddedPostgres postgres)
    {
        await using (var connection = new NpgsqlConnection(Unpooled(postgres.ConnectionString, withPassword: true)))
        {
            await connection.OpenAsync();
        }

        await using var stranger = new NpgsqlConnection(Unpooled(postgres.ConnectionString, withPassword: false));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => stranger.OpenAsync());
        await using var guesser = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Unpooled(postgres.ConnectionString, withPassword: false)) { Password = "guess" }.ConnectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => guesser.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    private static string Unpooled(string connectionString, bool withPassword)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        if (!withPassword) builder.Password = null;
        return builder.ConnectionString;
    }

    private static List<string> HbaLines(string dataDirectory) => File.ReadAllLines(Path.Combine(dataDirectory, "pg_hba.conf"))
        .Select(line => line.Split('#')[0].Trim()).Where(line => line.Length > 0).ToList();

    private static List<string> TrustLines(string dataDirectory) => HbaLines(dataDirectory).Where(line => line.EndsWith("trust", StringComparison.Ordinal)).ToList();

    private static Task<EmbeddedPostgres> StartAsync(string root) => EmbeddedPostgres.StartAsync(
        new EmbeddedPostgresOptions { DataDirectory = Path.Combine(root, "postgres"), ForTests = true }, NullLogger.Instance, CancellationToken.None);
}
