using Campaign.Core.Deliveries;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.Organizers;

/// <summary><c>delivery.schedule</c> is read on each target's wall clock, across daylight-saving changes.</summary>
public sealed class DeliveryScheduleTests
{
    private const string MondaysAtNine = "0 9 * * 1";

    [Fact]
    public void NextAfter_WeeklyInZurich_StaysAtNineLocalAcrossTheSpringChange()
    {
        // Europe moves to summer time on Sunday 28 March 2027: Geneva's nine o'clock moves from 08:00 to 07:00 UTC.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 15, 12, 0, 0, TimeSpan.Zero));
        var deliveries = new List<DateTimeOffset>();
        for (var week = 0; week < 3; week++)
        {
            var next = DeliverySchedule.NextAfter(MondaysAtNine, "Europe/Zurich", clock.GetUtcNow())!.Value;
            deliveries.Add(next);
            clock.SetUtcNow(next);
        }

        Assert.Equal(
            [
                new DateTimeOffset(2027, 3, 22, 8, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2027, 3, 29, 7, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2027, 4, 5, 7, 0, 0, TimeSpan.Zero),
            ],
            deliveries.Select(d => d.ToUniversalTime()));
        Assert.All(deliveries, d => Assert.Equal(TimeSpan.FromHours(9), TimeZoneInfo.ConvertTime(d, TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich")).TimeOfDay));
    }

    [Fact]
    public void NextAfter_WeeklyInZurich_AutumnChangeMovesUtcBack()
    {
        var after = new DateTimeOffset(2027, 10, 27, 0, 0, 0, TimeSpan.Zero); // a Wednesday; clocks go back on 31 October

        var next = DeliverySchedule.NextAfter(MondaysAtNine, "Europe/Zurich", after);

        Assert.Equal(new DateTimeOffset(2027, 11, 1, 8, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextAfter_SameCron_IsADifferentInstantForEachTargetsTimeZone()
    {
        var after = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero); // a Saturday

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero), DeliverySchedule.NextAfter(MondaysAtNine, "Asia/Shanghai", after));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero), DeliverySchedule.NextAfter(MondaysAtNine, "Asia/Vientiane", after));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), DeliverySchedule.NextAfter("0 9 1 * *", "Europe/Zurich", after));
    }
}
