namespace Campaign.Core.Sending;

/// <summary>
/// What a delivery or a notice email says, looked up by its outbox row when it is composed. The database
/// answers for the dispatcher; <c>preview</c> answers with sample numbers through the same composer.
/// </summary>
public interface IMailFacts
{
    DeliveryFacts? FindDelivery(long messageRow);

    NoticeFacts? FindNotice(long messageRow);

    /// <summary>The campaign's confirmed signatures, for <c>{{ signatures.total }}</c> in letters; may be a few seconds old.</summary>
    long ConfirmedSignatures(string campaign);
}

/// <summary>A signer who agreed (<c>share</c>) that the targets may see their name and country — never more.</summary>
[CsvHelper.CsvRecord]
public sealed partial record SharedSigner(string Name, string Country);

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

/// <summary>What an organizer is told: the campaign opened or closed, crossed a milestone, or delivered.</summary>
public sealed record NoticeFacts(string Event, int Milestone, long Signatures, string? TargetId, int? NewSignatures);

public static class NoticeEvents
{
    public const string Opened = "opened";
    public const string Closed = "closed";
    public const string Milestone = "milestone";
    public const string Delivery = "delivery";
}
