using Campaign.Core.Deliveries;
using Campaign.Core.Notices;

namespace Campaign.Core.Composition;

/// <summary>
/// What a delivery or a notice email says, looked up by its outbox row when it is composed. The database
/// answers for the dispatcher; <c>preview</c> answers with sample numbers through the same composer.
/// </summary>
public interface IMailFacts
{
    DeliveryFacts? FindDelivery(long messageRow);

    NoticeFacts? FindNotice(long messageRow);

    /// <summary>The id of the update an update email carries; null when it is not known.</summary>
    string? FindUpdate(long messageRow) => null;

    /// <summary>The campaign's confirmed signatures, for <c>{{ signatures.total }}</c> in letters; may be a few seconds old.</summary>
    long ConfirmedSignatures(string campaign);
}
