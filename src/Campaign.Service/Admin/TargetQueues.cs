using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Dispatch;
using Campaign.Core.Outbox;

namespace Campaign.Service.Admin;

/// <summary>
/// What waits for each target and how long its throttle takes to let it through: the queue a flood of letters
/// builds in front of a ministry, and the delay every real letter queued now has to wait out.
/// </summary>
public static class TargetQueues
{
    /// <param name="Seconds">The time the waiting mail takes at <paramref name="MaxPerHour"/>; <paramref name="Takes"/> says it in words.</param>
    public sealed record View(string Campaign, string Target, string Name, long Letters, long Deliveries, int MaxPerHour, long Seconds, string Takes);

    /// <summary>One campaign's targets in the order of its file; with <paramref name="everyTarget"/> those with nothing waiting too.</summary>
    public static IReadOnlyList<View> Of(CampaignDefinition campaign, IEnumerable<OutboxReport.TargetQueue> queues, bool everyTarget)
    {
        var byTarget = queues.Where(q => q.Campaign == campaign.Slug).ToDictionary(q => q.Target, StringComparer.Ordinal);
        return campaign.Targets
            .Select(t => ViewOf(campaign.Slug, t, byTarget.GetValueOrDefault(t.Id)))
            .Where(v => everyTarget || v.Letters + v.Deliveries > 0)
            .ToList();
    }

    /// <summary>Every target of every campaign with anything waiting. Mail for a target no longer in its file is cancelled at reload, so it is not shown.</summary>
    public static IReadOnlyList<View> Waiting(CampaignCatalog catalog, IReadOnlyList<OutboxReport.TargetQueue> queues) =>
        [.. catalog.All.SelectMany(c => Of(c, queues, everyTarget: false))];

    private static View ViewOf(string campaign, Target target, OutboxReport.TargetQueue? queue)
    {
        var (letters, deliveries) = (queue?.Letters ?? 0, queue?.Deliveries ?? 0);
        var time = TargetThrottle.TimeToSend(target, letters + deliveries);
        return new View(campaign, target.Id, target.Name, letters, deliveries, target.MaxPerHour, (long)Math.Ceiling(time.TotalSeconds), Takes(time));
    }

    /// <summary>A duration as an admin reads it at a glance: "about 3 days 4 h", "about 2 h 30 min", "nothing waiting".</summary>
    public static string Takes(TimeSpan time)
    {
        if (time <= TimeSpan.Zero) return "nothing waiting";
        if (time < TimeSpan.FromMinutes(1)) return "under a minute";
        // Rounded to the minute first, so 2 h 59.9 min reads "about 3 h", never "about 2 h 60 min".
        var minutes = (long)Math.Round(time.TotalMinutes, MidpointRounding.AwayFromZero);
        var (days, hours, mins) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
        var parts = days > 0
            ? new[] { Count(days, "day"), hours > 0 ? $"{hours} h" : null }
            : [hours > 0 ? $"{hours} h" : null, mins > 0 ? $"{mins} min" : null];
        return "about " + string.Join(" ", parts.Where(p => p is not null));
    }

    private static string Count(long n, string unit) => string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")}");
}
