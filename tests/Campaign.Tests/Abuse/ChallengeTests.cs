using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Campaign.Service.Abuse;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Abuse;

/// <summary>
/// Past a threshold of signatures from one client or one network, signing asks for a proof of work (ALTCHA format)
/// that the service issued itself; below it nothing is asked. Clients are named in <c>X-Forwarded-For</c> by the
/// known proxy on loopback; each test uses a /24 of its own.
/// </summary>
public sealed class ChallengeTests(ChallengedService service) : IClassFixture<ChallengedService>, IDisposable
{
    // A browser's view: its cookies by hand (the antiforgery pair), redirects seen rather than followed.
    private readonly HttpClient pages = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress };

    public void Dispose() => pages.Dispose();

    [Fact]
    public async Task Sign_UnderTheThresholds_AsksForNothing_AndThePageCarriesNoScript()
    {
        var first = await SignAsync("198.18.1.1", "calm1@example.org");
        var second = await SignAsync("198.18.1.1", "calm2@example.org");
        var page = await PageAsync("198.18.1.2");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.DoesNotContain("data-challenge", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_PastTheClientThreshold_GetsAChallenge_WhichSolvedSignsOnce()
    {
        await SignAsync("198.18.2.1", "busy1@example.org");
        await SignAsync("198.18.2.1", "busy2@example.org");

        var refused = await SignAsync("198.18.2.1", "busy3@example.org");
        var (challenge, problem) = await ChallengeOfAsync(refused);
        Assert.Equal(["is required: solve the challenge in this answer"], Errors(problem));
        var solution = ProofOfWork.Solve(challenge);
        var solved = await SignAsync("198.18.2.1", "busy3@example.org", solution);
        var replayed = await SignAsync("198.18.2.1", "busy4@example.org", solution);
        var neighbourNetwork = await SignAsync("198.18.3.1", "other-network@example.org");

        Assert.Equal(0L, await StoredAsync("busy4@example.org"));
        Assert.Equal(HttpStatusCode.Accepted, solved.StatusCode);
        Assert.Equal(1L, await StoredAsync("busy3@example.org"));
        var (_, replayProblem) = await ChallengeOfAsync(replayed);
        Assert.Equal(["was used already: solve the new challenge"], Errors(replayProblem));
        Assert.Equal(HttpStatusCode.Accepted, neighbourNetwork.StatusCode);
    }

    [Fact]
    public async Task Sign_PastTheNetworkThreshold_ChallengesANewClientInTheSame24()
    {
        for (var i = 1; i <= 4; i++) Assert.Equal(HttpStatusCode.Accepted, (await SignAsync($"198.18.4.{i}", $"net{i}@example.org")).StatusCode);

        var newcomer = await SignAsync("198.18.4.200", "net-new@example.org");
        var elsewhere = await SignAsync("198.18.5.200", "net-elsewhere@example.org");

        await ChallengeOfAsync(newcomer);
        Assert.Equal(0L, await StoredAsync("net-new@example.org"));
        Assert.Equal(HttpStatusCode.Accepted, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Sign_WithAForgedOrExpiredSolution_IsRefusedWithAFreshChallenge()
    {
        await SignAsync("198.18.6.1", "forged1@example.org");
        await SignAsync("198.18.6.1", "forged2@example.org");
        var (challenge, _) = await ChallengeOfAsync(await SignAsync("198.18.6.1", "forged3@example.org"));

        // A challenge of the robot's own making (its number, its hash) under our signature; ours without our signature.
        var forged = Payload(Sha256Hex(challenge.Salt + "7"), 7, challenge.Salt, challenge.Signature);
        var solved = JsonSerializer.Deserialize<JsonElement>(Convert.FromBase64String(ProofOfWork.Solve(challenge)));
        var notOurs = Payload(challenge.Challenge, solved.GetProperty("number").GetInt32(), challenge.Salt, new string('0', 64));
        // Issued under the service's own key, but an hour ago: its half hour is over.
        var ring = service.Service.Services.GetRequiredService<Campaign.Core.Privacy.KeyRing>();
        var past = new ProofOfWork(ring, Options.Create(new ChallengeOptions { MaxNumber = 2000 }), new ShiftedClock(TimeSpan.FromHours(-1)));
        var expired = ProofOfWork.Solve(past.Issue());

        var (_, forgedProblem) = await ChallengeOfAsync(await SignAsync("198.18.6.1", "forged3@example.org", forged));
        var (_, notOursProblem) = await ChallengeOfAsync(await SignAsync("198.18.6.1", "forged3@example.org", notOurs));
        var (fresh, expiredProblem) = await ChallengeOfAsync(await SignAsync("198.18.6.1", "forged3@example.org", expired));
        var garbage = await ChallengeOfAsync(await SignAsync("198.18.6.1", "forged3@example.org", "not base64 at all"));

        Assert.Equal(["is not a solution of a challenge this service issued"], Errors(forgedProblem));
        Assert.Equal(["is not a solution of a challenge this service issued"], Errors(notOursProblem));
        Assert.Equal(["has expired: solve the new challenge"], Errors(expiredProblem));
        Assert.Equal(["is not a solution of a challenge this service issued"], Errors(garbage.Problem));
        Assert.NotEqual(challenge.Challenge, fresh.Challenge);
        Assert.Equal(0L, await StoredAsync("forged3@example.org"));
    }

    [Fact]
    public async Task ChallengeApi_GivesOneToSolveBeforeSigning_AndTheScriptComesFromOurOrigin()
    {
        await SignAsync("198.18.7.1", "early1@example.org");
        await SignAsync("198.18.7.1", "early2@example.org");

        var answer = await service.Client.GetAsync("/api/challenge");
        var challenge = await answer.Content.ReadFromJsonAsync<WorkChallenge>();
        var signed = await SignAsync("198.18.7.1", "early3@example.org", ProofOfWork.Solve(challenge!));
        var script = await service.Client.GetAsync(ChallengeScript.Path);

        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
        Assert.Equal("SHA-256", challenge!.Algorithm);
        Assert.Equal(2000, challenge.MaxNumber);
        Assert.Matches("^[0-9a-f]{24}\\?expires=[0-9]+$", challenge.Salt);
        Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("crypto.subtle.digest", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", script.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignPage_PastTheThreshold_CarriesTheChallengeInKorean_AndAPostWithoutASolutionKeepsWhatWasTyped()
    {
        await SignAsync("198.18.8.1", "pagewall1@example.org");
        await SignAsync("198.18.8.1", "pagewall2@example.org");

        var page = await PageAsync("198.18.8.1", "ko");
        var (cookie, token) = FormToken(page);
        var posted = await PostFormAsync("198.18.8.1", cookie, token, "pagewall3@example.org", solution: null);
        var html = await posted.Content.ReadAsStringAsync();
        var solution = ProofOfWork.Solve(JsonSerializer.Deserialize<WorkChallenge>(WebUtility.HtmlDecode(Between(html, "data-challenge=\"", "\"")))!);
        var solved = await PostFormAsync("198.18.8.1", cookie, token, "pagewall3@example.org", solution);

        Assert.Contains("data-challenge=", page, StringComparison.Ordinal);
        Assert.Contains($"<script src=\"{ChallengeScript.Path}\" defer></script>", page, StringComparison.Ordinal);
        Assert.Contains("JavaScript를 허용해 주세요", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("확인이 끝날 때까지 기다리신 뒤 다시 서명해 주세요.", html, StringComparison.Ordinal);
        Assert.Contains("data-resubmit", html, StringComparison.Ordinal);
        Assert.Contains("value=\"pagewall3@example.org\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, solved.StatusCode);
        Assert.Equal(1L, await StoredAsync("pagewall3@example.org"));
    }

    [Fact]
    public async Task Honeypot_Filled_IsAnsweredAsSigned_AndNothingIsKeptOrSent()
    {
        var api = await service.Client.SendAsync(ProxiedRequests.From("198.18.9.1", new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{TestCampaigns.Petition}/signatures")
        {
            Content = JsonContent.Create(new { name = "Bot", email = "honey-api@example.org", country = "KR", consent = true, website = "http://spam.example" }),
        }));
        var page = await PageAsync("198.18.9.2");
        var (cookie, token) = FormToken(page);
        var form = await PostFormAsync("198.18.9.2", cookie, token, "honey-form@example.org", solution: null, honeypot: "http://spam.example", locale: "en");
        // A person's signature, sent at the same time, gets its confirmation: the one mail to wait for.
        await SignAsync("198.18.9.3", "honey-person@example.org");
        await service.Mailbox.WaitForAsync(m => m.Recipients.Contains("honey-person@example.org"), TimeSpan.FromSeconds(15));

        Assert.Contains("class=\"hp\" aria-hidden=\"true\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"website\" type=\"text\" tabindex=\"-1\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, api.StatusCode);
        Assert.Equal("pending", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.EndsWith("/signed?lang=en", form.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(0L, await StoredAsync("honey-api@example.org"));
        Assert.Equal(0L, await StoredAsync("honey-form@example.org"));
        Assert.DoesNotContain(service.Mailbox.Received, m => m.Recipients.Any(r => r.StartsWith("honey-api", StringComparison.Ordinal) || r.StartsWith("honey-form", StringComparison.Ordinal)));
    }

    private Task<HttpResponseMessage> SignAsync(string client, string email, string? solution = null)
    {
        var body = JsonSerializer.SerializeToNode(ServiceFixture.Signer(email))!.AsObject();
        if (solution is not null) body["challenge"] = solution;
        return service.Client.SendAsync(ProxiedRequests.From(client, new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{TestCampaigns.Petition}/signatures")
        {
            Content = JsonContent.Create(body),
        }));
    }

    private async Task<string> PageAsync(string client, string lang = "en")
    {
        var response = await pages.SendAsync(ProxiedRequests.From(client, new HttpRequestMessage(HttpMethod.Get, $"/c/{TestCampaigns.Petition}?lang={lang}")));
        response.EnsureSuccessStatusCode();
        lastCookie = string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        return await response.Content.ReadAsStringAsync();
    }

    private string lastCookie = "";

    private (string Cookie, string Token) FormToken(string page) => (lastCookie, WebUtility.HtmlDecode(Between(page, "name=\"__af\" value=\"", "\"")));

    private Task<HttpResponseMessage> PostFormAsync(string client, string cookie, string token, string email, string? solution,
        string? honeypot = null, string locale = "ko")
    {
        var fields = new Dictionary<string, string>
        {
            ["__af"] = token, ["locale"] = locale, ["name"] = "Ana Kim", ["email"] = email, ["country"] = "KR", ["consent"] = "true",
            ["website"] = honeypot ?? "",
        };
        if (solution is not null) fields["challenge"] = solution;
        var request = ProxiedRequests.From(client, new HttpRequestMessage(HttpMethod.Post, $"/c/{TestCampaigns.Petition}") { Content = new FormUrlEncodedContent(fields) });
        request.Headers.Add("Cookie", cookie);
        return pages.SendAsync(request);
    }

    private static async Task<(WorkChallenge Challenge, JsonElement Problem)> ChallengeOfAsync(HttpResponseMessage refused)
    {
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Solve the challenge to sign.", problem.GetProperty("title").GetString());
        return (problem.GetProperty("challenge").Deserialize<WorkChallenge>()!, problem);
    }

    private static string[] Errors(JsonElement problem) =>
        problem.GetProperty("errors").GetProperty("challenge").EnumerateArray().Select(e => e.GetString()!).ToArray();

    private Task<long> StoredAsync(string email) =>
        service.QueryScalarAsync<long>("select count(*) from signatures where email_key = @key", new { key = service.AddressKey(email) });

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"the page holds {start}");
        from += start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static string Payload(string challenge, int number, string salt, string signature) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { algorithm = "SHA-256", challenge, number, salt, signature }));

    private static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}

/// <summary>When the whole campaign is signed faster than its threshold, every signer is asked, from any network.</summary>
public sealed class CampaignChallengeTests(CampaignChallengedService service) : IClassFixture<CampaignChallengedService>
{
    [Fact]
    public async Task Sign_PastTheCampaignThreshold_ChallengesEveryone_AndOtherCampaignsNot()
    {
        for (var i = 1; i <= 3; i++) Assert.Equal(HttpStatusCode.Accepted, (await service.SignFromAsync($"198.19.{i}.1", $"wave{i}@example.org")).StatusCode);

        var fourth = await service.SignFromAsync("198.19.99.1", "wave4@example.org");
        var otherCampaign = await service.Client.SendAsync(ProxiedRequests.From("198.19.99.1", new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{TestCampaigns.Letter}/signatures")
        {
            Content = JsonContent.Create(ServiceFixture.Signer("wave-letter@example.org")),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, fourth.StatusCode);
        Assert.True((await fourth.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("challenge", out _));
        Assert.Equal(HttpStatusCode.Accepted, otherCampaign.StatusCode);
    }
}
