using Campaign.Core.Campaigns;
using Campaign.Core.Dispatch;
using Campaign.Core.Signatures;
using Campaign.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Campaign.Tests.Sending;

/// <summary>
/// Governments are never flooded: a target gets at most its max_per_hour in any rolling hour, spread out,
/// and only inside its office hours. Time is a fake clock; the relay, database and dispatcher are real.
/// </summary>
public sealed class ThrottleTests(ThrottleTests.Fixture service) : IClassFixture<ThrottleTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        // A Saturday, 10:00 in Vientiane (UTC+7).
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 5, 3, 0, 0, TimeSpan.Zero));

        // No Hangfire worker: the test drives the dispatcher itself, step by step with the clock, so a
        // background run can never record a send at a time the test has already moved past.
        protected override IEnumerable<string> ExtraSettings => ["--Delivery:Mode=Live", "--role=web"];

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

        protected override void WriteCampaigns(string directory)
        {
            base.WriteCampaigns(directory);
            File.WriteAllText(Path.Combine(directory, "throttle-test.yaml"), TestCampaigns.OneTargetLetterCampaign("throttle-test", "burst@ministry.example", "max_per_hour: 20"));
            File.WriteAllText(Path.Combine(directory, "office-test.yaml"), TestCampaigns.OneTargetLetterCampaign("office-test", "office@ministry.example", "max_per_hour: 60\n    office_hours: \"Mon-Fri 09:00-17:00\""));
        }
    }

    [Fact]
    public async Task Burst_OfLettersToOneTarget_NeverExceedsMaxPerHourAndIsSpread()
    {
        await QueueLettersAsync("throttle-test", 60);

        for (var minute = 0; minute < 200 && await SentAsync("burst@ministry.example") < 60; minute++)
        {
            service.Clock.Advance(TimeSpan.FromMinutes(1));
            await DrainAsync();
        }

        var sent = await SentTimesAsync("burst@ministry.example");
        Assert.Equal(60, sent.Count);
        for (var i = 0; i + 20 < sent.Count; i++)
            Assert.True(sent[i + 20] - sent[i] >= TimeSpan.FromHours(1), $"21 letters within an hour, from {sent[i]:O}");
        for (var i = 1; i < sent.Count; i++)
            Assert.True(sent[i] - sent[i - 1] >= TimeSpan.FromMinutes(3), $"letters {sent[i - 1]:O} and {sent[i]:O} were not spread");
        Assert.Equal(60, service.Mailbox.Received.Count(m => m.Recipients.Contains("burst@ministry.example")));
    }

    [Fact]
    public async Task Letters_ReachTheTargetOnlyInsideItsOfficeHours()
    {
        await QueueLettersAsync("office-test", 10);

        // The weekend passes in ten-minute steps: nothing may go out.
        var monday = new DateTimeOffset(2026, 12, 7, 8, 50, 0, TimeSpan.FromHours(7));
        while (service.Clock.GetUtcNow() < monday)
        {
            service.Clock.Advance(TimeSpan.FromMinutes(10));
            await DrainAsync();
        }
        Assert.Equal(0, await SentAsync("office@ministry.example"));

        for (var minute = 0; minute < 40; minute++)
        {
            service.Clock.Advance(TimeSpan.FromMinutes(1));
            await DrainAsync();
        }

        var sent = await SentTimesAsync("office@ministry.example");
        Assert.Equal(10, sent.Count);
        var vientiane = TimeZoneInfo.FindSystemTimeZoneById("Asia/Vientiane");
        Assert.All(sent, at =>
        {
            var local = TimeZoneInfo.ConvertTime(at, vientiane);
            Assert.Equal(DayOfWeek.Monday, local.DayOfWeek);
            Assert.InRange(local.TimeOfDay, TimeSpan.FromHours(9), TimeSpan.FromHours(17));
        });
    }

    private async Task QueueLettersAsync(string slug, int count)
    {
        var catalog = service.Service.Services.GetRequiredService<CampaignCatalog>();
        var book = service.Service.Services.GetRequiredService<SignatureBook>();
        var campaign = catalog.Find(slug)!;
        for (var i = 0; i < count; i++)
            await book.SignAsync(campaign, new SignatureRequest($"Supporter {i}", $"{slug}-{i}@example.org", "KR", null, "en", null, null, false));
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        foreach (var id in await connection.QueryAsync<long>("select id from signatures where campaign = @slug", new { slug }))
            await book.ConfirmAsync(id);
    }

    private Task DrainAsync() => service.Service.Services.GetRequiredService<Dispatcher>().DrainAsync(CancellationToken.None);

    private Task<long> SentAsync(string to) =>
        service.QueryScalarAsync<long>("select count(*) from messages where to_address = @to and status = 'sent'", new { to });

    private async Task<List<DateTimeOffset>> SentTimesAsync(string to)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        var times = await connection.QueryAsync<DateTime>("select sent_at from messages where to_address = @to and status = 'sent' order by sent_at", new { to });
        return times.Select(t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))).ToList();
    }
}
