using Campaign.Core.Campaigns;

namespace Campaign.Core.Dispatch;

/// <summary>
/// When a target may receive mail: inside its office hours (in its own time zone), and no more often than
/// one message per 3600/max_per_hour seconds, so its letters are spread evenly and never burst.
/// </summary>
public static class TargetThrottle
{
    /// <summary>The gap between two messages to one target: at most max_per_hour fit in any rolling hour.</summary>
    public static TimeSpan Spacing(Target target) => TimeSpan.FromSeconds(3600.0 / Math.Max(1, target.MaxPerHour));

    /// <summary>
    /// How long <paramref name="messages"/> waiting for the target take at its <c>max_per_hour</c>: the time a
    /// letter queued now waits behind them. Office hours, if any, make it longer (the clock stops outside them).
    /// </summary>
    public static TimeSpan TimeToSend(Target target, long messages) => Spacing(target) * messages;

    public static bool IsOpen(Target target, DateTimeOffset now)
    {
        if (target.OfficeHours is not { } hours) return true;
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(target.TimeZone));
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        return hours.Days.Contains(local.DayOfWeek) && time >= hours.Opens && time < hours.Closes;
    }

    /// <summary>When the target's office next opens, in its own time zone; <paramref name="now"/> if it is open.</summary>
    public static DateTimeOffset NextOpening(Target target, DateTimeOffset now)
    {
        if (target.OfficeHours is not { } hours || IsOpen(target, now)) return now;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(target.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        // Today's opening may still be ahead; otherwise the first office day of the coming week.
        for (var day = 0; day <= 7; day++)
        {
            var date = today.AddDays(day);
            if (!hours.Days.Contains(date.DayOfWeek)) continue;
            var opens = date.ToDateTime(hours.Opens);
            var opening = new DateTimeOffset(opens, zone.GetUtcOffset(opens));
            if (opening > now) return opening;
        }
        return now.AddDays(1); // office hours always name a day, so this is never reached
    }
}
