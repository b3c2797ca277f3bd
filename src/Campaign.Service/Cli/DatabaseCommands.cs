using Campaign.Core.Reports;
using Campaign.Core.Privacy;
using Campaign.Core.Signatures;
using Campaign.Core.Storage;
using Campaign.Service.Api;
using Campaign.Service.Embedded;
using Campaign.Service.Hosting;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Campaign.Service.Cli;

/// <summary><c>migrate</c>, <c>status</c> and <c>erase</c>: work on the configured database, or on the embedded one.</summary>
public static class DatabaseCommands
{
    public static Task<int> MigrateAsync(CommandLine command) => WithDatabaseAsync(command, async dataSource =>
    {
        var applied = await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
        Console.WriteLine(applied == 0 ? "The database is up to date." : $"Applied {applied} migration(s).");
    });

    public static Task<int> StatusAsync(CommandLine command) => WithDatabaseAsync(command, async dataSource =>
    {
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        var campaigns = await connection.QueryAsync<(string Slug, string Kind, string Status, bool Paused)>(
            "select slug, kind, status, paused from campaigns order by slug");
        var signatures = Flat(await KeptCounts.ByStatusAsync(connection, KeptCounts.Signatures));
        var messages = Flat(await KeptCounts.ByStatusAsync(connection, KeptCounts.Messages));
        foreach (var c in campaigns)
        {
            Console.WriteLine($"{c.Slug}  ({c.Kind}, {c.Status}{(c.Paused ? ", paused by an admin" : "")})");
            Console.WriteLine($"  signatures: {Counts(signatures.Where(s => s.Campaign == c.Slug))}");
            Console.WriteLine($"  messages:   {Counts(messages.Where(m => m.Campaign == c.Slug))}");
        }
        if (!campaigns.Any()) Console.WriteLine("No campaigns yet: start the service once to load the campaign files.");
    });

    /// <summary>Erases an address in every campaign, as <c>POST /api/admin/supporters/erase</c> does.</summary>
    public static async Task<int> EraseAsync(CommandLine command)
    {
        var email = command.Positional().FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(email) || !SignatureForm.IsEmail(email.TrimEnd('.')))
        {
            Console.Error.WriteLine("campaign: erase needs the email address to erase: erase <email>");
            return 2;
        }
        return await WithDatabaseAsync(command, async (dataSource, settings) =>
        {
            await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
            // The address is found by its lookup key, which only the data key can compute.
            var (vault, _) = await DataKeys.OpenVaultAsync(settings, dataSource, CancellationToken.None);
            using var opened = vault;
            var erased = await new SupporterErasure(dataSource, opened, TimeProvider.System).EraseAddressAsync(email);
            Console.WriteLine($"Erased {erased} signature(s).");
        });
    }

    private static List<(string Campaign, string Status, long Count)> Flat(Dictionary<string, Dictionary<string, long>> counts) =>
        counts.SelectMany(c => c.Value.Where(s => s.Value != 0).Select(s => (c.Key, s.Key, s.Value))).ToList();

    private static string Counts(IEnumerable<(string Campaign, string Status, long Count)> rows)
    {
        var list = rows.Select(r => $"{r.Status} {r.Count}").ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    internal static Task<int> WithDatabaseAsync(CommandLine command, Func<NpgsqlDataSource, Task> work) =>
        WithDatabaseAsync(command, (dataSource, _) => work(dataSource));

    private static async Task<int> WithDatabaseAsync(CommandLine command, Func<NpgsqlDataSource, ServiceSettings, Task> work)
    {
        try
        {
            var settings = ServiceSettings.ForCommand(command);
            await using var database = await ServiceDatabase.OpenAsync(settings, NullLogger.Instance, CancellationToken.None);
            await work(database.DataSource, settings);
            return 0;
        }
        catch (Exception e) when (e is StartupException or PostgresNotInstalledException or NpgsqlException or DataKeyException)
        {
            Console.Error.WriteLine($"campaign: {e.Message}");
            return 1;
        }
    }
}
