namespace Campaign.Core.Deliveries;

/// <summary>A signer who agreed (<c>share</c>) that the targets may see their name and country — never more.</summary>
[CsvHelper.CsvRecord]
public sealed partial record SharedSigner(string Name, string Country);
