using System.Diagnostics;
using Campaign.Core.Privacy;
using Campaign.Core.Storage;
using Campaign.Service.Embedded;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Campaign.Benchmarks;

/// <summary>
/// The <c>seal</c> scenario: what sealing supporters' details costs on the sign path (µs per signature, all
/// five fields and the address lookup key), and how fast <c>rotate-key</c> re-seals a table (rows/s).
/// </summary>
public static class SealScenario
{
    public static async Task RunAsync(int signatures, int rows)
    {
        Console.WriteLine($"seal: {signatures:N0} signatures sealed, {rows:N0} rows rotated, {Environment.ProcessorCount} cores");
        using var data = new TempFolder();
        await using var postgres = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(data.Path, "postgres"), Database = "bench" },
            NullLogger.Instance, CancellationToken.None);
        await using var dataSource = CampaignDatabase.Open(postgres.ConnectionString);
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
        var oldKey = MasterKey.Generate();
        using var vault = new SupporterVault(await KeyRing.OpenAsync(dataSource, [oldKey], CancellationToken.None));

        // What one signature seals, at the lengths the sign form allows for a long comment and letter.
        var comment = new string('c', 500);
        var letter = new string('l', 2_000);
        void SealOne(int i, bool words)
        {
            var email = $"supporter-{i}@example.org";
            _ = vault.Seal(email, SupporterVault.Email);
            _ = vault.AddressKey(email);
            _ = vault.Seal($"Supporter {i}", SupporterVault.Name);
            _ = vault.Seal("04524", SupporterVault.Postcode);
            _ = vault.Seal(words ? comment : null, SupporterVault.Comment);
            _ = vault.Seal(words ? letter : null, SupporterVault.LetterBody);
        }
        var clock = new Stopwatch();
        foreach (var (words, what) in new[] { (false, "name, email and postcode"), (true, "and a 500-character comment and a 2,000-character letter") })
        {
            for (var i = 0; i < 10_000; i++) SealOne(i, words); // warm-up
            clock.Restart();
            for (var i = 0; i < signatures; i++) SealOne(i, words);
            Console.WriteLine($"sealing on the sign path: {clock.Elapsed.TotalMicroseconds / signatures:N2} µs per signature ({what}, plus the lookup key), one thread");
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var insert = new Npgsql.NpgsqlCommand("insert into campaigns (slug, kind, status) values ('bench', 'petition', 'active') on conflict do nothing", connection);
            await insert.ExecuteNonQueryAsync();
        }
        for (var done = 0; done < rows; done += 10_000)
            await BulkSigners.QueueConfirmationsAsync(postgres.ConnectionString, vault, "bench", "rotate", done + 1, Math.Min(10_000, rows - done));

        var newKey = MasterKey.Generate();
        using var rotated = new SupporterVault(await KeyRotation.BeginAsync(dataSource, newKey, oldKey, "old key", CancellationToken.None));
        clock.Restart();
        var moved = await new Resealing(dataSource, rotated).MoveAllAsync(unsealedOnly: false, null, CancellationToken.None);
        Console.WriteLine($"rotate-key re-sealing: {moved:N0} rows in {clock.Elapsed.TotalSeconds:N1} s = {moved / clock.Elapsed.TotalSeconds:N0} rows/s");
    }
}
