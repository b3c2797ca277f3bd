using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Dispatch;

namespace Campaign.Tests.Policies;

/// <summary>How often a target may get mail, and whether its office is open, in the target's own time zone.</summary>
public sealed class TargetThrottleTests
{
    [Theory]
    [InlineData(30, 120)]
    [InlineData(3600, 1)]
    [InlineData(1, 3600)]
    [InlineData(0, 3600)]
    [InlineData(-5, 3600)]
    public void Spacing_MaxPerHour_SpreadsTheHourEvenly(int maxPerHour, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), TargetThrottle.Spacing(OfficeTarget.In("Asia/Vientiane", null, maxPerHour)));
    }

    [Theory]
    [InlineData("2026-12-07T08:59", false)] // Monday, a minute before opening
    [InlineData("2026-12-07T09:00", true)]  // the opening minute
    [InlineData("2026-12-07T16:59", true)]  // the last open minute
    [InlineData("2026-12-07T17:00", false)] // the closing minute
    [InlineData("2026-12-05T11:00", false)] // Saturday
    public void IsOpen_AroundOfficeHours_OpensAtNineAndClosesAtFive(string localNow, bool open)
    {
        var now = new DateTimeOffset(Parse(localNow), TimeSpan.FromHours(7));

        Assert.Equal(open, TargetThrottle.IsOpen(OfficeTarget.In("Asia/Vientiane", "Mon-Fri 09:00-17:00"), now));
    }

    [Fact]
    public void IsOpen_OneMoment_IsReadInEachTargetsOwnTimeZone()
    {
        var moment = new DateTimeOffset(2026, 12, 7, 14, 30, 0, TimeSpan.Zero); // Monday 14:30 UTC

        Assert.False(TargetThrottle.IsOpen(OfficeTarget.In("Asia/Vientiane", "Mon-Fri 09:00-17:00"), moment)); // 21:30
        Assert.True(TargetThrottle.IsOpen(OfficeTarget.In("Europe/Zurich", "Mon-Fri 09:00-17:00"), moment));   // 15:30
        Assert.True(TargetThrottle.IsOpen(OfficeTarget.In("America/New_York", "Mon-Fri 09:00-17:00"), moment)); // 09:30
    }

    [Fact]
    public void IsOpen_AfterDaylightSavingTimeStarts_UsesTheSummerOffset()
    {
        var geneva = OfficeTarget.In("Europe/Zurich", "Mon-Fri 09:00-17:00");

        // Monday 30 March 2026, the day after the clocks went forward: 09:00 in Geneva (Europe/Zurich) is 07:00 UTC.
        Assert.True(TargetThrottle.IsOpen(geneva, new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero)));
        Assert.False(TargetThrottle.IsOpen(geneva, new DateTimeOffset(2026, 3, 30, 6, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void IsOpen_NoOfficeHours_IsAlwaysOpen()
    {
        var sundayNight = new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.FromHours(7));

        Assert.True(TargetThrottle.IsOpen(OfficeTarget.In("Asia/Vientiane", null), sundayNight));
    }

    private static DateTime Parse(string local) => DateTime.Parse(local, CultureInfo.InvariantCulture);
}
