using System.Globalization;
using Campaign.Core.Privacy;
using CsvHelper;
using Dapper;
using Npgsql;

namespace Campaign.Core.Signatures;

/// <summary>The admins' CSV of a campaign's confirmed signatures; an erased one (still counted) holds nobody and is left out.</summary>
public sealed partial class SignatureExport(NpgsqlDataSource dataSource, SupporterVault vault)
{
    [CsvRecord]
    public sealed partial record Row(string Name, string Email, string Country, string? Postcode, string Locale, bool Share, DateTime ConfirmedAt);

    public async Task WriteCsvAsync(string campaign, TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(byte[]? Name, byte[]? Email, string Country, byte[]? Postcode, string Locale, bool Share, DateTime ConfirmedAt)>($"""
            select name, email, country, postcode, locale, share, confirmed_at
            from signatures where campaign = @campaign and {SignatureStatus.CountsSql} and email is not null order by confirmed_at, id
            """, new { campaign }))
            .Select(r => new Row(vault.Open(r.Name, SupporterVault.Name) ?? "", vault.Open(r.Email, SupporterVault.Email) ?? "", r.Country,
                vault.Open(r.Postcode, SupporterVault.Postcode), r.Locale, r.Share, r.ConfirmedAt));
        // A name that starts with "=" must reach a spreadsheet as text, never as a formula.
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, true);
        csv.WriteRecords(rows.Select(r => r with { Country = r.Country.Trim() }));
        await csv.FlushAsync(cancellationToken);
    }
}
