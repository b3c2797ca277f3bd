using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Campaign.Core.Signatures;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.Privacy;

/// <summary>
/// After a campaign closes, its supporters are kept for <c>retention_days</c> and then erased by the daily
/// job, on a fake clock; the "delete everything about me" link keeps working after the campaign closed.
/// </summary>
public sealed class RetentionTests(RetentionTests.Fixture service) : IClassFixture<RetentionTests.Fixture>
{
    public const string Slug = "retention-test";
    private const int RetentionDays = 3;

    public sealed class Fixture : ServiceFixture
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public DateTimeOffset Closes => Clock.Start.AddDays(2);

        protected override bool UseTestRelay => false;

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

        protected override void WriteCampaigns(string directory)
        {
            TestCampaigns.WriteAll(directory);
            File.WriteAllText(Path.Combine(directory, $"{Slug}.yaml"), TestCampaigns.OneTargetLetterCampaign(Slug, TestCampaigns.FirstTargetEmail, "max_per_hour: 3600")
                .Replace("kind: letter\n", $"kind: letter\ncloses: {Closes.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\nretention_days: {RetentionDays}\n", StringComparison.Ordinal)
                .Replace("Please let them pass.", "Please let them pass.\\n\\n{{ supporter.name }}", StringComparison.Ordinal));
        }
    }

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EraseAfterRetention_ClosedCampaign_ErasesEveryoneOnlyOnceTheDaysHavePassedAndKeepsTheCounts()
    {
        var (early, late) = (Tag(), Tag());
        var earlyToken = await SignConfirmAndSendAsync(early);
        await SignConfirmAndSendAsync(late);
        var neverConfirmed = Tag();
        await service.SignAsync(Slug, new { name = $"Zelda{neverConfirmed}", email = $"mail{neverConfirmed}@example.org", country = "KR", consent = true });
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<long>(
            "select count(*) from messages where campaign = @Slug and status in ('queued', 'sending', 'deferred')", new { Slug }) == 0, Soon, "every message sent");
        var retention = service.Service.Services.GetRequiredService<SignatureRetention>();
        var figures = await FiguresAsync();

        // Closed: signing is over, but the link still erases.
        service.Clock.SetUtcNow(service.Closes.AddHours(1));
        var page = await service.Client.GetAsync($"/erase/{earlyToken}");
        var (erasedByLink, _) = await service.EraseByLinkAsync(earlyToken);
        var tooSoon = await retention.EraseAfterRetentionAsync(CancellationToken.None);
        // Kept (sealed) until its day: the service still opens the late supporter's details.
        var lateId = await service.QueryScalarAsync<long>("select id from signatures where email_key = @key", new { key = service.AddressKey($"mail{late}@example.org") });
        var keptUntilDue = (await service.SupporterAsync(lateId))!.Name;

        service.Clock.SetUtcNow(service.Closes.AddDays(RetentionDays).AddMinutes(1));
        var erased = await retention.EraseAfterRetentionAsync(CancellationToken.None);
        var again = await retention.EraseAfterRetentionAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, erasedByLink);
        Assert.Equal(0, tooSoon);
        Assert.Equal($"Zelda{late}", keptUntilDue);
        Assert.Equal(2, erased); // the late supporter, and the one who never confirmed
        Assert.Equal(0, again);
        Assert.Equal(figures, await FiguresAsync());
        Assert.Equal(2L, await service.QueryScalarAsync<long>("select count(*) from signatures where campaign = @Slug and status = 'confirmed' and erased_at is not null", new { Slug }));
        Assert.Equal("withdrawn", await service.QueryScalarAsync<string>("select status from signatures where campaign = @Slug and status not in ('confirmed')", new { Slug }));
        Assert.Empty(DatabaseDump.Found(await DatabaseDump.TextOfAsync(service.ConnectionString), [early, late, neverConfirmed]));
    }

    private static string Tag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>Signs with the tag in every field, confirms, waits for the letter to be captured and recorded as sent; the erase token.</summary>
    private async Task<string> SignConfirmAndSendAsync(string tag)
    {
        var email = $"mail{tag}@example.org";
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(Slug, new
        {
            name = $"Zelda{tag}", email, country = "KR", postcode = $"P{tag}", comment = $"Comment{tag}", consent = true, share = true,
        })).StatusCode);
        var id = await service.QueryScalarAsync<long>("select id from signatures where email_key = @key", new { key = service.AddressKey(email) });
        var confirmation = await service.CapturedAsync($"confirmation:{id}");
        var token = SupporterLinks.ConfirmTokenIn(confirmation);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsync($"/confirm/{token}", null)).StatusCode);
        // The target takes one letter a second, on the fake clock: move it along until this one is recorded as sent.
        await ServiceFixture.EventuallyAsync(async () =>
        {
            service.Clock.Advance(TimeSpan.FromSeconds(2));
            return await service.QueryScalarAsync<string?>("select status from messages where dedupe_key = @key", new { key = $"letter:{id}:office" }) == "sent";
        }, Soon, "the letter sent");
        Assert.Contains($"Zelda{tag}", (await service.CapturedAsync($"letter:{id}:office")).TextBody, StringComparison.Ordinal);
        return SupporterLinks.EraseTokenIn(confirmation);
    }



    private async Task<string> FiguresAsync()
    {
        var stats = (await service.Admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/stats"))!.Single(c => c.GetProperty("slug").GetString() == Slug);
        var campaign = await service.Client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{Slug}");
        return $"{campaign.GetProperty("signatures")} {campaign.GetProperty("byCountry")} {stats.GetProperty("signatures").GetProperty("confirmed")} {stats.GetProperty("messages")}";
    }



}
