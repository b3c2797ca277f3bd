using Campaign.Core.Campaigns;

namespace Campaign.Tests.Policies;

/// <summary>A target with office hours in a time zone, for the throttle's arithmetic.</summary>
internal static class OfficeTarget
{
    public static Target In(string timeZone, string? officeHours, int maxPerHour = 30)
    {
        OfficeHours? hours = null;
        if (officeHours is not null) Assert.True(OfficeHoursParser.TryParse(officeHours, out hours, out _));
        return new Target("office", "An Office", "CH", "office@example.org", "en", timeZone, maxPerHour, hours);
    }
}
