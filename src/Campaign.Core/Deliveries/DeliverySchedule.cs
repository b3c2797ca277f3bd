using Cronos;

namespace Campaign.Core.Deliveries;

/// <summary>
/// When <c>delivery.schedule</c> fires for a target: the cron is read on the target's wall clock, so
/// "0 9 * * 1" is nine on Monday morning in Geneva, summer and winter alike. Hangfire's recurring jobs
/// are registered with the same cron and time zone; this is the same calculation, for admins and tests.
/// </summary>
public static class DeliverySchedule
{
    public static DateTimeOffset? NextAfter(string cron, TimeZoneInfo timeZone, DateTimeOffset after) =>
        CronExpression.Parse(cron, CronFormat.Standard).GetNextOccurrence(after, timeZone);

    public static DateTimeOffset? NextAfter(string cron, string timeZoneId, DateTimeOffset after) =>
        NextAfter(cron, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId), after);
}
