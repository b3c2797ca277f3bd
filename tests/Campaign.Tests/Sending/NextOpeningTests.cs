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

    [Fact]
    public void NextOpening_OpenOfficeOrNoOfficeHours_IsNow()
    {
        var tuesdayNoon = new DateTimeOffset(2026, 12, 8, 12, 0, 0, Vientiane);

        Assert.Equal(tuesdayNoon, TargetThrottle.NextOpening(Ministry("Mon-Fri 09:00-17:00"), tuesdayNoon));
        Assert.Equal(tuesdayNoon, TargetThrottle.NextOpening(Ministry(null), tuesdayNoon));
    }

    private static Target Ministry(string? officeHours)
    {
        OfficeHours? hours = null;
        if (officeHours is not null) Assert.True(OfficeHoursParser.TryParse(officeHours, out hours, out _));
        return new Target("mfa", "A Ministry", "LA", "mfa@ministry.example", "en", "Asia/Vientiane", 30, hours);
    }
}
