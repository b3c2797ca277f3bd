using Campaign.Core.Campaigns;

namespace Campaign.Tests.Campaigns;

public sealed class OfficeHoursParserTests
{
    [Fact]
    public void TryParse_WeekdayRange_GivesFiveDaysAndHours()
    {
        Assert.True(OfficeHoursParser.TryParse("Mon-Fri 09:00-17:00", out var hours, out _));

        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], hours.Days.Order());
        Assert.Equal(new TimeOnly(9, 0), hours.Opens);
        Assert.Equal(new TimeOnly(17, 0), hours.Closes);
        Assert.Equal("Mon-Fri 09:00-17:00", hours.Text);
    }

    [Fact]
    public void TryParse_DayList_GivesThoseDays()
    {
        Assert.True(OfficeHoursParser.TryParse("Mon,Wed 10:00-12:30", out var hours, out _));

        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Wednesday], hours.Days.Order());
        Assert.Equal(new TimeOnly(12, 30), hours.Closes);
    }

    [Fact]
    public void TryParse_SingleDay_GivesOneDay()
    {
        Assert.True(OfficeHoursParser.TryParse("sat 10:00-12:00", out var hours, out _));

        Assert.Equal([DayOfWeek.Saturday], hours.Days);
    }

    [Fact]
    public void TryParse_RangeOverWeekend_WrapsAround()
    {
        Assert.True(OfficeHoursParser.TryParse("Fri-Mon 10:00-12:00", out var hours, out _));

        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Friday, DayOfWeek.Saturday], hours.Days.Order());
    }

    [Theory]
    [InlineData("Mon-Fri")]
    [InlineData("Mon-Fri 9-5")]
    [InlineData("Someday 09:00-17:00")]
    [InlineData("Mon-Fri 17:00-09:00")]
    [InlineData("Mon-Fri 09:00-09:00")]
    [InlineData("Mon-Fri 09:00-24:00")]
    public void TryParse_Malformed_ExplainsWhy(string text)
    {
        Assert.False(OfficeHoursParser.TryParse(text, out var hours, out var error));

        Assert.Null(hours);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
