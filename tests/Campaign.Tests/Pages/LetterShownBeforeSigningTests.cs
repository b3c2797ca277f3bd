using System.Net.Http.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Pages;

/// <summary>
/// The letter a supporter reads on the campaign page before signing is the letter the target receives: every
/// template variable is filled in the same way, the goal and the signature count included.
/// </summary>
public sealed class LetterShownBeforeSigningTests(LetterShownBeforeSigningTests.Fixture service) : IClassFixture<LetterShownBeforeSigningTests.Fixture>
{
    public sealed class Fixture : ServiceFixture
    {
        public const string Slug = "counted-letter";

        protected override IEnumerable<string> ExtraSettings => ["--Delivery:Mode=Live"];

        protected override void WriteCampaigns(string directory) => File.WriteAllText(Path.Combine(directory, $"{Slug}.yaml"), $$$"""
            slug: {{{Slug}}}
            kind: letter
            goal: 500
            languages: [en]
            title: { en: "Counted" }
            summary: { en: "Counted." }
            targets:
              - id: office
                name: A Ministry
                country: LA
                email: counted@ministry.example
                timezone: Asia/Vientiane
            letter:
              subject: { en: "A letter" }
              body: { en: "Towards {{ campaign.goal }} voices, {{ signatures.total }} so far, from {{ campaign.title }} to {{ target.name }}." }

            """);
    }

    [Fact]
    public async Task CampaignPage_Letter_FillsGoalAndCount_AsTheSentLetterDoes()
    {
        await service.SignAsync(Fixture.Slug, ServiceFixture.Signer("counted@example.org"));
        var token = await service.ConfirmationTokenForAsync("counted@example.org");
        await service.Client.PostAsJsonAsync("/api/confirmations", new { token });
        var letter = await service.Mailbox.WaitForAsync(m => m.Recipients.Contains("counted@ministry.example"), TimeSpan.FromSeconds(15));
        var sent = TestMailbox.Parse(letter).TextBody;

        // The public count is cached for a second; the letter's for a few seconds. Both say one.
        await ServiceFixture.EventuallyAsync(async () => (await service.Client.GetStringAsync($"/c/{Fixture.Slug}")).Contains("1 so far", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "the page counts the confirmed signature");
        var page = await service.Client.GetStringAsync($"/c/{Fixture.Slug}");

        const string Filled = "Towards 500 voices, 1 so far, from Counted to A Ministry.";
        Assert.Contains(Filled, sent, StringComparison.Ordinal);
        Assert.Contains(Filled, page, StringComparison.Ordinal);
    }
}
