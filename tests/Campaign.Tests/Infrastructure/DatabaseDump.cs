using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Campaign.Service.Embedded;
using MimeKit;
using Npgsql;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// A test database as <c>pg_dump</c> writes it, made searchable: <c>pg_dump</c> prints bytea (captured mail)
/// as hex, and mail hides its words in base64, quoted-printable and encoded-words, so each bytea value is
/// decoded, and each one that is an email is decoded header by header and part by part (attachments too).
/// A marker anywhere in the database, however it is stored, is then a plain substring of the text.
/// </summary>
public static partial class DatabaseDump
{
    public static async Task<string> TextOfAsync(string connectionString)
    {
        var raw = await DumpAsync(connectionString);
        var text = new StringBuilder(raw);
        foreach (Match value in ByteaValue().Matches(raw)) text.AppendLine().Append(Decoded(Convert.FromHexString(value.Groups[1].ValueSpan)));
        return text.ToString();
    }

    /// <summary>The markers found in the dump, ignoring case (addresses are stored lower-cased as lookup keys).</summary>
    public static IReadOnlyList<string> Found(string dump, IEnumerable<string> markers) =>
        markers.Where(m => dump.Contains(m, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>A backup as an operator makes one (<c>pg_dump -Fc</c>) restored into a new database (<c>pg_restore</c>); its connection string.</summary>
    public static async Task<string> BackUpAndRestoreAsync(string connectionString, string restoredName)
    {
        var binaries = PostgresBinaries.Locate(explicitDirectory: null).Directory;
        var file = Path.Combine(Path.GetTempPath(), $"campaign-backup-{Guid.NewGuid():N}.dump");
        try
        {
            var dump = await ToolRunner.RunAsync(Path.Combine(binaries, "pg_dump"), [$"--dbname={Conninfo(connectionString)}", "--format=custom", "--no-owner", $"--file={file}"], CancellationToken.None);
            Assert.True(dump.ExitCode == 0, $"pg_dump failed: {dump.Output}");
            var restored = await TestDatabase.CreateDatabaseAsync(restoredName);
            var restore = await ToolRunner.RunAsync(Path.Combine(binaries, "pg_restore"), [$"--dbname={Conninfo(restored)}", "--no-owner", "--exit-on-error", file], CancellationToken.None);
            Assert.True(restore.ExitCode == 0, $"pg_restore failed: {restore.Output}");
            return restored;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Conninfo(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture,
            $"host={builder.Host} port={builder.Port} user={builder.Username} password={builder.Password} dbname={builder.Database}");
    }

    private static async Task<string> DumpAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The pg_dump beside the initdb and pg_ctl the test cluster was started with, so the versions match.
        var pgDump = Path.Combine(PostgresBinaries.Locate(explicitDirectory: null).Directory, "pg_dump");
        var file = Path.Combine(Path.GetTempPath(), $"campaign-dump-{Guid.NewGuid():N}.sql");
        try
        {
            var conninfo = string.Create(CultureInfo.InvariantCulture,
                $"host={builder.Host} port={builder.Port} user={builder.Username} password={builder.Password} dbname={builder.Database}");
            var result = await ToolRunner.RunAsync(pgDump, [$"--dbname={conninfo}", "--no-owner", $"--file={file}"], CancellationToken.None);
            Assert.True(result.ExitCode == 0, $"pg_dump failed: {result.Output}");
            return await File.ReadAllTextAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Decoded(byte[] bytes)
    {
        var text = new StringBuilder(Encoding.UTF8.GetString(bytes));
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            message = MimeMessage.Load(stream);
        }
        catch (FormatException)
        {
            return text.ToString();
        }
        using (message)
        {
            foreach (var header in message.Headers) text.AppendLine().Append(header.Value);
            foreach (var part in message.BodyParts.OfType<MimePart>())
            {
                foreach (var header in part.Headers) text.AppendLine().Append(header.Value);
                using var content = new MemoryStream();
                part.Content?.DecodeTo(content);
                text.AppendLine().Append(Encoding.UTF8.GetString(content.ToArray()));
            }
        }
        return text.ToString();
    }

    // In COPY data pg_dump writes a bytea as \x followed by hex digits, its backslash doubled.
    [GeneratedRegex(@"\\\\x([0-9a-f]+)")]
    private static partial Regex ByteaValue();
}
