using Campaign.Core.Campaigns;

namespace Campaign.Core.Signatures;

/// <summary>
/// What happens after a confirmation has committed (organizers count milestones). Signatures know only
/// this interface, so the signature book does not depend on what the organizers do with a confirmation.
/// </summary>
public interface IConfirmationWatch
{
    /// <summary>Called after the transaction that confirmed a signature of <paramref name="campaign"/> committed.</summary>
    Task ConfirmedAsync(CampaignDefinition campaign, CancellationToken cancellationToken);
}
