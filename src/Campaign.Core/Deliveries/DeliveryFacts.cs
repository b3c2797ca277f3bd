namespace Campaign.Core.Deliveries;

/// <summary>One petition delivery as recorded when it was made.</summary>
public sealed record DeliveryFacts(
    long Id,
    string Reason,
    int? Milestone,
    int NewSignatures,
    long TotalSignatures,
    IReadOnlyDictionary<string, long> ByCountry,
    IReadOnlyList<SharedSigner> SharedSigners,
    DateTimeOffset CreatedAt);
