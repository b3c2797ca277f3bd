using System.Collections.Concurrent;
using Campaign.Core.Campaigns;
using Campaign.Core.Signatures;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Numbers;

/// <summary>
/// What anyone may see of a campaign's numbers (issue 17, point 4): its count, progress towards the goal and its
/// milestones, confirmations over time, and the count by country with the privacy floor applied — one shape for
/// <c>/api/campaigns/{slug}/timeline</c> and for the campaign page's section, so the two never disagree.
/// </summary>
public sealed class PublicNumbers(SignatureCounts counts, ConfirmedTimeline timeline, IOptions<PrivacyOptions> privacy)
{
    public sealed record Milestone(int Signatures, bool Reached);

    /// <param name="Progress">The share of the goal reached, 0 to 1 (capped), or null without a goal.</param>
    /// <param name="ByCountry">Countries below <paramref name="CountryFloor"/> are added up as <c>other</c>.</param>
    public sealed record Numbers(
        string Slug, long Signatures, int? Goal, double? Progress, IReadOnlyList<Milestone> Milestones,
        IReadOnlyList<ConfirmedTimeline.Slot> PerHour, IReadOnlyList<ConfirmedTimeline.Slot> PerDay,
        IReadOnlyDictionary<string, long> ByCountry, int CountryFloor, DateTimeOffset CountedAt);

    public int CountryFloor => privacy.Value.MinCountryCount;

    private sealed record Made(CampaignDefinition Campaign, SignatureCounts.CampaignCount Count, ConfirmedTimeline.Timeline Times, Numbers Numbers);

    private readonly ConcurrentDictionary<string, Made> made = new(StringComparer.Ordinal);

    /// <summary>
    /// The same <see cref="Numbers"/> instance for as long as the shared count and timeline stand, so what is
    /// rendered from it (<see cref="NumbersSection"/>) is rendered once per recount, not per page view.
    /// </summary>
    public async Task<Numbers> ForAsync(CampaignDefinition campaign, CancellationToken cancellationToken)
    {
        var count = await counts.ForCampaignAsync(campaign.Slug, cancellationToken);
        var times = await timeline.ForCampaignAsync(campaign.Slug, cancellationToken);
        if (made.TryGetValue(campaign.Slug, out var held)
            && ReferenceEquals(held.Campaign, campaign) && ReferenceEquals(held.Count, count) && ReferenceEquals(held.Times, times))
            return held.Numbers;
        var numbers = Make(campaign, count, times);
        made[campaign.Slug] = new Made(campaign, count, times, numbers);
        return numbers;
    }

    private Numbers Make(CampaignDefinition campaign, SignatureCounts.CampaignCount count, ConfirmedTimeline.Timeline times)
    {
        var confirmed = count.Confirmed;
        double? progress = campaign.Goal is > 0 and var goal ? Math.Min(1.0, confirmed / (double)goal) : null;
        return new Numbers(campaign.Slug, confirmed, campaign.Goal, progress,
            campaign.Milestones.Order().Select(m => new Milestone(m, confirmed >= m)).ToList(),
            times.PerHour, times.PerDay,
            // Public: a country with a handful of supporters would point at them.
            SignatureCounts.WithFloor(count.ByCountry, CountryFloor), CountryFloor, times.CountedAt);
    }
}
