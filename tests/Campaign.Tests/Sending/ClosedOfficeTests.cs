using System.Globalization;
using System.Net.Http.Json;
using Campaign.Core.Dispatch;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Sending;

/// <summary>
/// A letter waiting for its target's office to open is due but not sendable. The dispatcher must sleep until
/// the office opens, not wake again and again to find it still closed. Clock, database and relay are real.
/// </summary>
public sealed class ClosedOfficeTests(ClosedOfficeTests.Fixture service) : IClassFixture<ClosedOfficeTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        public const string Slug = "closed-office";

        protected override void WriteCampaigns(string directory)
        {
            // This campaign alone: the shared test campaigns open and close on timers that kick the dispatcher.
            // Open only on a weekday three days from today in Vientiane: closed for the whole test, whatever the hour.
            var vientiane = TimeZoneInfo.FindSystemTimeZoneById("Asia/Vientiane");
            var openDay = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, vientiane).AddDays(3).DayOfWeek;
            var day = CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(openDay);
            File.WriteAllText(Path.Combine(directory, $"{Slug}.yaml"),
                TestCampaigns.OneTargetLetterCampaign(Slug, "closed@ministry.example", $"office_hours: \"{day} 09:00-17:00\""));
        }
    }

    [Fact]
    public async Task Letter_ToAClosedOffice_WaitsQueued_WithoutTheDispatcherRunningOverAndOver()
    {
        await service.SignAsync(Fixture.Slug, ServiceFixture.Signer("patient@example.org"));
        var token = await service.ConfirmationTokenForAsync("patient@example.org");
        await service.Client.PostAsJsonAsync("/api/confirmations", new { token });
        await ServiceFixture.EventuallyAsync(async () => await LettersAsync("queued") == 1, TimeSpan.FromSeconds(15), "the letter is queued");
        await Task.Delay(TimeSpan.FromSeconds(1)); // the kicks from signing and confirming have run
        var runsBefore = await DispatcherRunsAsync();

        await Task.Delay(TimeSpan.FromSeconds(6));

        Assert.Equal(1, await LettersAsync("queued"));
        // Only the minutely safety net may run in the meantime.
        Assert.InRange(await DispatcherRunsAsync() - runsBefore, 0, 1);
    }

    private Task<long> LettersAsync(string status) => service.QueryScalarAsync<long>(
        "select count(*) from messages where campaign = @slug and kind = 'letter' and status = @status", new { slug = Fixture.Slug, status });

    private Task<long> DispatcherRunsAsync() => Task.FromResult(service.Service.Services.GetRequiredService<DispatchLoop>().Runs);
}
