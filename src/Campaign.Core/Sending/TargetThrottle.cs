using Campaign.Core.Campaigns;

namespace Campaign.Core.Sending;

/// <summary>
/// When a target may receive mail: inside its office hours (in its own time zone), and no more often than
/// one message per 3600/max_per_hour seconds, so its letters are spread evenly and never burst.
/// </summary>
public static class TargetThrottle
{
    /// <summary>The gap between two messages to one target: at most max_per_hour fit in any rolling hour.</summary>
    public static TimeSpan Spacing(Target target) => TimeSpan.FromSeconds(3600.0 / Math.Max(1, target.MaxPerHour));

    public static bool IsOpen(Target target, DateTimeOffset now)
    {
        if (target.OfficeHours is not { } hours) return true;
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(target.TimeZone));
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        return hours.Days.Contains(local.DayOfWeek) && time >= hours.Opens && time < hours.Closes;
    }
}
