using System.Diagnostics;
using Campaign.Core.Privacy;
using Campaign.Core.Storage;
using Campaign.Service.Embedded;
using Campaign.Service.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Campaign.Service.Cli;

/// <summary>
/// <c>rotate-key</c>: re-seals every supporter's details under a new key while the service runs. With
/// <c>Privacy:DataKey</c> configured, that is the new key and <c>Privacy:PreviousDataKey</c> the old one; without,
/// the key in <c>Data:Directory</c> is replaced by a generated one. Run it again after a crash: it resumes.
/// </summary>
public static class RotateKeyCommand
{
    public static Task<int> RunAsync(CommandLine command) => RunAsync(command, Console.Out, Console.Error, CancellationToken.None);

    public static async Task<int> RunAsync(CommandLine command, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        try
        {
            var settings = ServiceSettings.ForCommand(command);
            var (next, previous, previousSetting, nextFile) = KeysFor(settings);
            await using var database = await ServiceDatabase.OpenAsync(settings, NullLogger.Instance, cancellationToken);
            await new Migrator(database.DataSource, NullLogger<Migrator>.Instance).MigrateAsync(cancellationToken);
            var ring = await KeyRotation.BeginAsync(database.DataSource, next, previous, previousSetting, cancellationToken);
            using var vault = new SupporterVault(ring);
            var moved = await MoveAsync(database.DataSource, vault, output, cancellationToken);

            // A process started before this run seals under the old field key until it next looks for keys.
            output.WriteLine($"rotate-key: waiting {Wait.TotalSeconds:0} s for running processes to pick up the new key");
            await Task.Delay(Wait, cancellationToken);
            moved += await MoveAsync(database.DataSource, vault, output, cancellationToken);
            await KeyRotation.RetireAsync(database.DataSource, next, vault.CurrentKey, cancellationToken);

            if (nextFile is not null) File.Move(nextFile, DataKeys.FileIn(settings.DataDirectory), overwrite: true);
            output.WriteLine($"rotate-key: done: {moved:N0} rows re-sealed under key {next.Label}. " + (nextFile is null
                ? $"Remove {DataKeys.PreviousSetting} from every process: {DataKeys.Setting} alone opens everything now."
                : $"The new key is in {DataKeys.FileIn(settings.DataDirectory)}; back it up apart from the database."));
            return 0;
        }
        catch (Exception e) when (e is DataKeyException or StartupException or PostgresNotInstalledException or NpgsqlException)
        {
            errors.WriteLine($"campaign: {e.Message}");
            return 1;
        }
    }

    private static readonly TimeSpan Wait = KeyRing.RefreshInterval + TimeSpan.FromSeconds(2);

    /// <summary>The new key, the old one and where a new key file waits until the end (file keys only).</summary>
    private static (MasterKey Next, MasterKey? Previous, string PreviousSetting, string? NextFile) KeysFor(ServiceSettings settings)
    {
        if (DataKeys.Configured(settings))
        {
            var next = MasterKey.Parse(settings.Privacy.DataKey!, DataKeys.Setting);
            var previous = string.IsNullOrWhiteSpace(settings.Privacy.PreviousDataKey) ? null : MasterKey.Parse(settings.Privacy.PreviousDataKey, DataKeys.PreviousSetting);
            return (next, previous, DataKeys.PreviousSetting, null);
        }
        var currentFile = DataKeys.FileIn(settings.DataDirectory);
        var current = OwnerOnlyFile.TryRead(currentFile) ?? throw new DataKeyException(
            $"{currentFile}: no data key here to rotate; set {DataKeys.Setting} and {DataKeys.PreviousSetting}, or start the service once first");
        var nextFile = DataKeys.NextFileIn(settings.DataDirectory);
        // Kept beside the old key until the end, so a crash at any point leaves both keys on disk.
        var (nextText, _) = OwnerOnlyFile.CreateOnce(nextFile, MasterKey.Generate().Text);
        return (MasterKey.Parse(nextText, nextFile), MasterKey.Parse(current, currentFile), currentFile, nextFile);
    }

    private static async Task<long> MoveAsync(NpgsqlDataSource dataSource, SupporterVault vault, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var shownAt = TimeSpan.FromSeconds(-1); // the first batch is always shown
        var moved = await new Resealing(dataSource, vault).MoveAllAsync(unsealedOnly: false, progress =>
        {
            if (clock.Elapsed - shownAt < TimeSpan.FromSeconds(1) && progress.Done < progress.Total) return;
            shownAt = clock.Elapsed;
            output.WriteLine($"rotate-key: {progress.Done:N0} of {progress.Total:N0} rows re-sealed ({progress.Done / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} rows/s)");
        }, cancellationToken);
        if (moved == 0) output.WriteLine("rotate-key: no row left under an older key");
        return moved;
    }
}
