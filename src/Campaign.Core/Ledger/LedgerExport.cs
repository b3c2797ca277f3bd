using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace Campaign.Core.Ledger;

/// <summary>
/// A ledger as CSV or JSON, one row per entry with every field its hash covers (hashes in lower-case hex), so an
/// export can be checked with nothing but SHA-256 (README, "The delivery ledger"). A bounce is shown against its entry.
/// </summary>
public static class LedgerExport
{
    public static readonly string[] Columns =
        ["campaign", "seq", "target", "kind", "message_id", "relay_reply", "accepted_at", "body_sha256", "signatures", "previous_hash", "entry_hash", "bounce"];

    public static async Task WriteCsvAsync(IEnumerable<LedgerBook.Row> rows, TextWriter writer)
    {
        // A relay's reply that starts with "=" must reach a spreadsheet as text, never as a formula.
        await using var csv = CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, true);
        foreach (var column in Columns) csv.WriteField(column);
        csv.EndRecord();
        foreach (var row in rows)
        {
            foreach (var field in Fields(row)) csv.WriteField(field);
            csv.EndRecord();
        }
        await csv.FlushAsync();
    }

    public static async Task WriteJsonAsync(IEnumerable<LedgerBook.Row> rows, Stream stream, CancellationToken cancellationToken = default)
    {
        var entries = rows.Select(row => Columns.Zip(Fields(row)).ToDictionary(p => p.First, p => (object?)p.Second));
        await JsonSerializer.SerializeAsync(stream, entries, Json, cancellationToken);
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private static IEnumerable<string?> Fields(LedgerBook.Row row)
    {
        var e = row.Entry;
        yield return e.Campaign;
        yield return e.Seq.ToString(CultureInfo.InvariantCulture);
        yield return e.TargetId;
        yield return e.Kind;
        yield return e.MessageId;
        yield return e.RelayReply;
        yield return LedgerEntry.Time(e.AcceptedAt);
        yield return Convert.ToHexStringLower(e.BodySha256);
        yield return e.Signatures.ToString(CultureInfo.InvariantCulture);
        yield return Convert.ToHexStringLower(e.PreviousHash);
        yield return Convert.ToHexStringLower(e.EntryHash);
        yield return row.Bounce;
    }
}
