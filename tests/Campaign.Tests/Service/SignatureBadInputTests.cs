using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Service;

/// <summary>Every malformed signature gets a problem document naming the field, never a 500, and stores nothing.</summary>
public sealed class SignatureBadInputTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static string Url(string slug = TestCampaigns.Letter) => $"/api/campaigns/{slug}/signatures";

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"email":"a@example.org","country":"KR","consent":true}""", "name" },
        { $$"""{"name":"{{new string('x', 101)}}","email":"a@example.org","country":"KR","consent":true}""", "name" },
        { """{"name":"Ana","email":"not-an-email","country":"KR","consent":true}""", "email" },
        { """{"name":"Ana","email":"a@localhost","country":"KR","consent":true}""", "email" },
        { """{"name":"Ana","email":"a@example.org","country":"XX","consent":true}""", "country" },
        { """{"name":"Ana","email":"a@example.org","country":"Korea","consent":true}""", "country" },
        { """{"name":"Ana","email":"a@example.org","country":"KR","consent":false}""", "consent" },
        { """{"name":"Ana","email":"a@example.org","country":"KR"}""", "consent" },
        { """{"name":"Ana","email":"a@example.org","country":"KR","consent":"yes"}""", "consent" },
        { """{"name":"Ana","email":"a@example.org","country":"KR","consent":true,"admin":true}""", "admin" },
        { """{"name":42,"email":"a@example.org","country":"KR","consent":true}""", "name" },
        { """{"name":"Ana","email":"a@example.org","country":"KR","consent":true,"letter":{"body":5}}""", "letter.body" },
        { $$$"""{"name":"Ana","email":"a@example.org","country":"KR","consent":true,"letter":{"body":"{{{new string('x', 5001)}}}"}}""", "letter.body" },
        { """{"name":"Ana","email":"a@example.org","country":"KR","consent":true,"letter":{"subject":"x"}}""", "letter.subject" },
        { """{"name":"Ana","email":"a@example.org","country":"KR","consent":true,"share":"yes"}""", "share" },
        { """{"name":"Ana","email":"a@example.org","country":"KR","consent":true,"share":1}""", "share" },
        { """{"name":"Ana","email":"a@example.org","country":"KR","consent":true,"replies":"true"}""", "replies" },
        { """{"name":"Ana","email":"a@example.org","country":"KR","consent":true,"replies":null}""", "replies" },
        { """{"name":"Ana","email":"a@example.org","country":"KR","consent":true,"replies":{}}""", "replies" },
        { """{"name":"Ana","email":"a@example.org","country":"KR","consent":true,"updates":"yes"}""", "updates" },
        { """[1,2,3]""", "body" },
        { """{"name":"Ana",""", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Sign_InvalidField_Answers400NamingTheFieldAndStoresNothing(string json, string field)
    {
        var before = await service.QueryScalarAsync<long>("select count(*) from signatures");

        var response = await service.Client.PostAsync(Url(), new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"errors should name '{field}': {problem}");
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Equal(before, await service.QueryScalarAsync<long>("select count(*) from signatures"));
    }

    [Fact]
    public async Task Sign_ManyProblems_NamesEveryField()
    {
        var response = await service.Client.PostAsJsonAsync(Url(), new { name = "", email = "x", country = "ZZ", consent = false });

        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["consent", "country", "email", "name"], errors.EnumerateObject().Select(p => p.Name).Order().ToArray());
    }

    [Fact]
    public async Task Sign_PetitionWithLetterBody_IsRefusedForThatField()
    {
        var response = await service.SignAsync(TestCampaigns.Petition, new { name = "Ana", email = "pl@example.org", country = "KR", consent = true, letter = new { body = "Hello" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("letter.body", out _));
    }

    [Fact]
    public async Task Sign_WrongContentType_Answers415Problem()
    {
        var response = await service.Client.PostAsync(Url(), new StringContent("name=Ana", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Sign_BodyOver64KB_Answers413Problem()
    {
        var json = $$"""{"name":"Ana","email":"big@example.org","country":"KR","consent":true,"comment":"{{new string('x', 70_000)}}"}""";

        var response = await service.Client.PostAsync(Url(), new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Sign_ChunkedBodyOver64KB_Answers413WithoutReadingItAll()
    {
        var json = $$"""{"name":"Ana","email":"big2@example.org","country":"KR","consent":true,"comment":"{{new string('x', 200_000)}}"}""";
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, Url()) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Sign_NameWithLineBreaksAndScript_IsStoredOnOneLineAndAddsNoHeader()
    {
        var name = "Eve\r\nBcc: victim@example.org\r\nX-Evil: 1 <script>alert(1)</script>";
        var response = await service.SignAsync(TestCampaigns.Letter, new { name, email = "eve@example.org", country = "KR", consent = true });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = (await service.SupporterAsync(await service.QueryScalarAsync<long>($"select id from signatures where email_key = '{service.AddressKey("eve@example.org")}'")))!.Name;
        Assert.Equal("Eve Bcc: victim@example.org X-Evil: 1 <script>alert(1)</script>", stored);
        var mail = await service.Mailbox.WaitForAsync(m => m.Recipients.Contains("eve@example.org"), TimeSpan.FromSeconds(15));
        var parsed = TestMailbox.Parse(mail);
        Assert.Equal(["eve@example.org"], mail.Recipients);
        Assert.Null(parsed.Headers["X-Evil"]);
        Assert.Empty(parsed.Bcc);
        Assert.Equal("", Assert.Single(parsed.To.Mailboxes).Name); // the typed name never reaches a header (abuse issue)
        Assert.DoesNotContain("<script>", parsed.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_UnknownCampaign_Answers404Problem()
    {
        var response = await service.SignAsync("no-such-campaign", ServiceFixture.Signer("nobody@example.org"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(TestCampaigns.Closed)]
    [InlineData(TestCampaigns.NotYetOpen)]
    [InlineData(TestCampaigns.Ended)]
    public async Task Sign_CampaignNotOpen_Answers409AndStoresNothing(string slug)
    {
        var response = await service.SignAsync(slug, ServiceFixture.Signer($"early-{slug}@example.org"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from signatures where campaign = @slug", new { slug }));
    }

    [Fact]
    public async Task Sign_DraftCampaign_IsNotFound()
    {
        var response = await service.SignAsync(TestCampaigns.Draft, ServiceFixture.Signer("draft@example.org"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Sign_PausedCampaign_StillTakesSignatures()
    {
        var response = await service.SignAsync(TestCampaigns.Paused, ServiceFixture.Signer("paused@example.org"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task GetCampaign_Unknown_Answers404Problem()
    {
        var response = await service.Client.GetAsync("/api/campaigns/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
