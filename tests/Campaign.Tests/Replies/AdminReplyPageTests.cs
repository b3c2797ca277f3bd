using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Tests.Disclosure;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Receiving;

namespace Campaign.Tests.Replies;

/// <summary>
/// Replies from targets as an organizer meets them in the browser: the campaign's admin page lists each once, its
/// publish form quotes it on the campaign page; and a supporter's erasure takes the replies to their letters with it.
/// </summary>
public sealed partial class AdminReplyPageTests(ReplyingService service) : IClassFixture<ReplyingService>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task PublishForm_OnTheAdminPage_PutsTheExcerptOnTheCampaignPage_AndTheSameMailTwiceIsListedOnce()
    {
        var (letter, _) = await LetterAsync("page-publish@supporters.example");
        var marker = ReplyMail.Marker();
        var mail = ReplyMail.Write(TestCampaigns.FirstTargetEmail, service.ReplyAddress, "Re: letter", letter.MessageId,
            $"Thank you for your letter {marker}.\n\nWe are looking into the matter.");
        await DeliverAsync(mail);
        await DeliverAsync(mail); // read again: by IMAP after SMTP, or a server retrying after a lost answer
        var id = (await ReplyAsync(marker)).GetProperty("id").GetInt64();
        Assert.Single(await ListAsync(), r => r.GetProperty("text").GetString()!.Contains(marker, StringComparison.Ordinal));

        using var handler = new HttpClientHandler { UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = service.BaseAddress };
        var login = await browser.GetStringAsync("/admin/login");
        (await browser.PostAsync("/admin/login", new FormUrlEncodedContent([new("key", ServiceFixture.AdminKey), new("__af", Token(login))]))).EnsureSuccessStatusCode();
        var page = await browser.GetStringAsync($"/admin/c/{TestCampaigns.Letter}");
        var row = page[page.IndexOf($"data-reply=\"{id}\"", StringComparison.Ordinal)..];
        var answer = await browser.PostAsync($"/admin/campaigns/{TestCampaigns.Letter}/replies/{id}/publish", new FormUrlEncodedContent(
            [new("__af", Token(row)), new("excerpt", "We are looking into the matter."), new("back", $"/admin/c/{TestCampaigns.Letter}#replies")]));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode); // back on the campaign's admin page
        Assert.Contains("The reply is on the campaign page.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ServiceFixture.EventuallyAsync(async () => (await service.Client.GetStringAsync($"/c/{TestCampaigns.Letter}"))
            .Contains("We are looking into the matter.", StringComparison.Ordinal), Soon, "the excerpt on the campaign page");
        var korean = await service.Client.GetStringAsync($"/c/{TestCampaigns.Letter}?lang=ko");
        Assert.Contains("대상 기관의 답장", korean, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, korean, StringComparison.Ordinal);

        var unpublished = await browser.PostAsync($"/admin/campaigns/{TestCampaigns.Letter}/replies/{id}/unpublish", new FormUrlEncodedContent(
            [new("__af", Token(await browser.GetStringAsync($"/admin/c/{TestCampaigns.Letter}"))), new("back", $"/admin/c/{TestCampaigns.Letter}")]));
        Assert.Contains("The reply is off the campaign page.", await unpublished.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErasingTheSupporter_DeletesTheTargetsReplyToTheirLetter_PublishedOrNot()
    {
        const string email = "erased-writer@supporters.example";
        var (letter, _) = await LetterAsync(email);
        var marker = ReplyMail.Marker();
        await DeliverAsync(ReplyMail.Write(TestCampaigns.FirstTargetEmail, service.ReplyAddress, "Re: letter", letter.MessageId,
            $"Dear Erased Writer, your letter {marker} is noted."));
        var id = (await ReplyAsync(marker)).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await service.Admin.PostAsync($"/api/admin/campaigns/{TestCampaigns.Letter}/replies/{id}/publish", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await service.Admin.PostAsJsonAsync("/api/admin/supporters/erase", new { email })).StatusCode);

        Assert.DoesNotContain(await ListAsync(), r => r.GetProperty("id").GetInt64() == id);
        Assert.Equal(0, await service.QueryScalarAsync<long>("select count(*) from target_replies where id = @id", new { id }));
        await ServiceFixture.EventuallyAsync(async () => !(await service.Client.GetStringAsync($"/c/{TestCampaigns.Letter}")).Contains(marker, StringComparison.Ordinal),
            Soon, "the erased supporter's reply leaves the page");
    }

    private async Task<(MimeKit.MimeMessage Letter, IReadOnlyList<Campaign.Service.Embedded.CapturedMail> All)> LetterAsync(string email)
    {
        var letters = await SignedLetters.SignAndSendAsync(service, TestCampaigns.Letter, email, ServiceFixture.Signer(email, share: true));
        return (TestMailbox.Parse(letters.Single(m => TestMailbox.Parse(m).Subject!.StartsWith("A letter", StringComparison.Ordinal))), letters);
    }

    private async Task DeliverAsync(byte[] mail)
    {
        await using var smtp = await SmtpConversation.OpenAsync(service.InboundPort);
        Assert.StartsWith("250", (await smtp.DeliverAsync(TestCampaigns.FirstTargetEmail, [service.ReplyAddress], mail))[^1], StringComparison.Ordinal);
    }

    private async Task<List<JsonElement>> ListAsync() =>
        (await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/campaigns/{TestCampaigns.Letter}/replies"))!;

    private async Task<JsonElement> ReplyAsync(string marker)
    {
        JsonElement found = default;
        await ServiceFixture.EventuallyAsync(async () =>
            (found = (await ListAsync()).FirstOrDefault(r => r.GetProperty("text").GetString()!.Contains(marker, StringComparison.Ordinal))).ValueKind == JsonValueKind.Object,
            Soon, $"the reply {marker} listed");
        return found;
    }

    private static string Token(string html) => TokenField().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
