using Campaign.Core.Campaigns;
using Campaign.Core.Dispatch;

namespace Campaign.Tests.Sending;

/// <summary>When a closed office opens again: the moment the dispatcher sleeps until.</summary>
public sealed class NextOpeningTests
{
    private static readonly TimeSpan Vientiane = TimeSpan.FromHours(7);

    [Theory]
    [InlineData("2026-12-05T10:00", "2026-12-07T09:00")] // Saturday: Monday morning
    [InlineData("2026-12-07T08:30", "2026-12-07T09:00")] // Monday before opening: the same morning
    [InlineData("2026-12-07T17:00", "2026-12-08T09:00")] // Monday at closing time: Tuesday
    [InlineData("2026-12-11T18:00", "2026-12-14T09:00")] // Friday evening: over the weekend
    public void NextOpening_ClosedOffice_IsTheNextOfficeDaysOpeningInTheTargetsTimeZone(string localNow, string localOpening)
    {
        var now = new DateTimeOffset(DateTime.Parse(localNow, System.Globalization.CultureInfo.InvariantCulture), Vientiane);

        var opening = TargetThrottle.NextOpening(Ministry("Mon-Fri 09:00-17:00"), now);

        Assert.Equal(new DateTimeOffset(DateTime.Parse(localOpening, System.Globalization.CultureInfo.InvariantCulture), Vientiane), opening);
        Assert.True(TargetThrottle.IsOpen(Ministry("Mon-Fri 09:00-17:00"), opening));
    }

    [Theory]
    [InlineData("Europe/Zurich", "Mon-Fri 09:00-17:00", "2026-03-27T18:00+01:00", "2026-03-30T09:00+02:00")] // clocks go forward on Sunday
    [InlineData("America/New_York", "Mon-Fri 09:00-17:00", "2026-10-30T17:00-04:00", "2026-11-02T09:00-05:00")] // closing time; clocks go back on Sunday
    [InlineData("Europe/Zurich", "Sun 10:00-12:00", "2026-03-28T10:00+01:00", "2026-03-29T10:00+02:00")] // one office day, the day the clocks change
    [InlineData("Europe/Zurich", "Wed 10:00-12:00", "2026-12-09T12:00+01:00", "2026-12-16T10:00+01:00")] // one office day, just closed: a week later
    [InlineData("Asia/Vientiane", "Mon-Fri 09:00-17:00", "2026-12-07T09:00+07:00", "2026-12-07T09:00+07:00")] // the opening minute itself
    public void NextOpening_AcrossTimeZonesAndClockChanges_IsTheFirstOpenMinute(string timeZone, string officeHours, string now, string expected)
    {
        var target = Office(timeZone, officeHours);

        var opening = TargetThrottle.NextOpening(target, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), opening);
        Assert.True(TargetThrottle.IsOpen(target, opening));
        Assert.False(TargetThrottle.IsOpen(target, opening.AddMinutes(-1)));
    }

    [Fact]
    public void NextOpening_OpenOfficeOrNoOfficeHours_IsNow()
    {
        var tuesdayNoon = new DateTimeOffset(2026, 12, 8, 12, 0, 0, Vientiane);

        Assert.Equal(tuesdayNoon, TargetThrottle.NextOpening(Ministry("Mon-Fri 09:00-17:00"), tuesdayNoon));
        Assert.Equal(tuesdayNoon, TargetThrottle.NextOpening(Ministry(null), tuesdayNoon));
    }

    private static Target Ministry(string? officeHours) => Office("Asia/Vientiane", officeHours);

    private static Target Office(string timeZone, string? officeHours)
    {
        OfficeHours? hours = null;
        if (officeHours is not null) Assert.True(OfficeHoursParser.TryParse(officeHours, out hours, out _));
        return new Target("mfa", "A Ministry", "LA", "mfa@ministry.example", "en", timeZone, 30, hours);
    }
}
