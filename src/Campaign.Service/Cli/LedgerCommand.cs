using Campaign.Core.Ledger;
using Campaign.Core.Storage;
using Campaign.Service.Hosting;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace Campaign.Service.Cli;

/// <summary>
/// <c>ledger verify &lt;slug&gt; [--head HASH]</c> recomputes a campaign's chain and names the first entry that does not
/// hold, or says that a head published earlier is gone (exit 1);
/// <c>ledger export &lt;slug&gt; [--target ID] [--out DIR]</c> writes the entries as CSV and JSON.
/// </summary>
public static class LedgerCommand
{
    private const string Usage = "campaign: ledger verify <slug> [--head HASH]   or   ledger export <slug> [--target ID] [--out DIR]";

    public static async Task<int> RunAsync(CommandLine command)
    {
        var words = command.Positional().ToList();
        if (words.Count != 2 || words[0] is not ("verify" or "export"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var (action, slug) = (words[0], words[1]);
        // The target names the file written: a target id holds a-z, 0-9 and '-' (as campaign files are checked), never a path.
        if (command.Option("--target") is { } target && (target.Length == 0 || !target.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            Console.Error.WriteLine($"campaign: --target is a target id from the campaign file (a-z, 0-9 and '-'), not '{target}'");
            return 2;
        }
        if (command.Option("--head") is { } head && !LedgerEntry.IsHash(head))
        {
            Console.Error.WriteLine($"campaign: --head is a chain head as the ledger page shows it: 64 hexadecimal digits, not '{head}'");
            return 2;
        }
        var exit = 0;
        var ran = await DatabaseCommands.WithDatabaseAsync(command, async dataSource =>
        {
            await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                if (await connection.ExecuteScalarAsync<int>("select count(*) from campaigns where slug = @slug", new { slug }) == 0)
                {
                    Console.Error.WriteLine($"campaign: no campaign '{slug}' in the database (start the service once to load the campaign files)");
                    exit = 2;
                    return;
                }
            }
            var book = new LedgerBook(dataSource);
            exit = action == "verify" ? await VerifyAsync(book, slug, command.Option("--head")) : await ExportAsync(book, slug, command.Option("--target"), command.Option("--out"));
        });
        return ran != 0 ? ran : exit;
    }

    private static async Task<int> VerifyAsync(LedgerBook book, string slug, string? publishedHead)
    {
        var check = await book.VerifyAsync(slug, CancellationToken.None, publishedHead);
        if (!check.Intact)
        {
            Console.WriteLine($"ledger of {slug}: BROKEN at entry {check.BrokenAt}: {check.Why}; the {check.Entries} entries before it hold");
            return 1;
        }
        Console.WriteLine(check.Entries == 0
            ? $"ledger of {slug}: no entries yet (no letter or delivery has been accepted by the relay)"
            : $"ledger of {slug}: {check.Entries} entries, the chain holds; head {check.Head}");
        return 0;
    }

    private static async Task<int> ExportAsync(LedgerBook book, string slug, string? target, string? folder)
    {
        var rows = await book.RowsAsync(slug, target, CancellationToken.None);
        folder = Path.GetFullPath(folder ?? ".");
        Directory.CreateDirectory(folder);
        var name = Path.Combine(folder, target is null ? $"ledger-{slug}" : $"ledger-{slug}-{target}");
        await using (var csv = new StreamWriter(name + ".csv")) await LedgerExport.WriteCsvAsync(rows, csv);
        await using (var json = File.Create(name + ".json")) await LedgerExport.WriteJsonAsync(rows, json);
        Console.WriteLine($"ledger of {slug}{(target is null ? "" : $", target {target}")}: {rows.Count} entries written to {name}.csv and {name}.json");
        return 0;
    }
}
