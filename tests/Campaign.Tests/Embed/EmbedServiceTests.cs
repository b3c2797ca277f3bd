using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Embed;

/// <summary>
/// The embedded form's framing policy, CORS on the public API, and the <c>?ref=</c> counts, over plain HTTP as a
/// browser would send it (its Origin and Sec-Fetch-Site headers).
/// </summary>
public sealed class EmbedServiceTests(EmbedService service) : IClassFixture<EmbedService>
{
    private const string Slug = EmbedService.Slug;

    private static string Policy(HttpResponseMessage response) => string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task EmbedPage_CampaignWithOrigins_MayBeFramedByExactlyThoseAndSaysNoXFrameOptions()
    {
        var response = await service.Client.GetAsync($"/embed/c/{Slug}?lang=zh");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"frame-ancestors {service.PartnerOrigin} https://partner.example;", Policy(response), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", Policy(response), StringComparison.Ordinal);
        Assert.Null(Header(response, "X-Frame-Options"));
        Assert.Contains("<html lang=\"zh\">", html, StringComparison.Ordinal);
        // The page's language in the URL too: a rate limit's refusal, made before the form is read, speaks it.
        Assert.Contains($"action=\"/embed/c/{Slug}?lang=zh\"", html, StringComparison.Ordinal);
        // Counted under the embed's code when its URL names none.
        Assert.Contains("name=\"ref\" value=\"partner-frame\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("__af", html, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task EmbedPage_CampaignWithoutOrigins_MayBeFramedByNobody()
    {
        var response = await service.Client.GetAsync($"/embed/c/{TestCampaigns.Letter}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", Policy(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CampaignPage_OfACampaignWithOrigins_KeepsItsOwnFramingPolicy()
    {
        var response = await service.Client.GetAsync($"/c/{Slug}");

        Assert.Contains("frame-ancestors 'none'", Policy(response), StringComparison.Ordinal);
        Assert.DoesNotContain("partner.example", Policy(response), StringComparison.Ordinal);
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task EmbedPage_UnknownCampaign_Is404()
    {
        var response = await service.Client.GetAsync("/embed/c/no-such-campaign");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task EmbedPost_FromItsOwnFrame_SignsAndCountsTheEmbedsCode()
    {
        var before = await service.RefCountAsync("partner-frame");
        using var post = EmbedPost("framed@supporters.example", "same-origin", shareRef: "partner-frame");

        var response = await NoRedirects().SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/embed/c/{Slug}/signed?lang=ko", response.Headers.Location!.ToString());
        Assert.Contains($"frame-ancestors {service.PartnerOrigin}", Policy(response), StringComparison.Ordinal);
        Assert.Equal("pending", await service.QueryScalarAsync<string>("select status from signatures where email_key = @key", new { key = service.AddressKey("framed@supporters.example") }));
        Assert.Equal(before + 1, await service.RefCountAsync("partner-frame"));
    }

    [Fact]
    public async Task EmbedPost_FromAnotherSitesPage_IsRefusedAndNothingIsSigned()
    {
        using var post = EmbedPost("forged-embed@supporters.example", "cross-site", origin: service.StrangerOrigin);

        var response = await NoRedirects().SendAsync(post);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0L, await service.QueryScalarAsync<long>("select count(*) from signatures where email_key = @key", new { key = service.AddressKey("forged-embed@supporters.example") }));
    }

    [Fact]
    public async Task EmbedPost_OldBrowserWithOurOrigin_Signs()
    {
        using var post = EmbedPost("old-browser@supporters.example", fetchSite: null, origin: service.BaseAddress.GetLeftPart(UriPartial.Authority));

        var response = await NoRedirects().SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Preflight_FromAllowedOrigin_AllowsPostingJson()
    {
        using var preflight = Preflight($"/api/campaigns/{Slug}/signatures", service.PartnerOrigin);

        var response = await service.Client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(service.PartnerOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Equal("Content-Type", Header(response, "Access-Control-Allow-Headers"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("http://localhost:1")]
    [InlineData("https://partner.example.evil.example")]
    [InlineData("null")]
    public async Task Preflight_FromAnyOtherOrigin_GetsNoCorsHeaders(string origin)
    {
        using var preflight = Preflight($"/api/campaigns/{Slug}/signatures", origin);

        var response = await service.Client.SendAsync(preflight);

        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Preflight_ForACampaignWithoutOrigins_GetsNoCorsHeaders()
    {
        using var preflight = Preflight($"/api/campaigns/{TestCampaigns.Letter}/signatures", service.PartnerOrigin);

        var response = await service.Client.SendAsync(preflight);

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AdminApi_FromAnAllowedOrigin_GetsNoCorsHeaders()
    {
        using var preflight = Preflight("/api/admin/stats", service.PartnerOrigin, "GET");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/admin/stats");
        get.Headers.Add("Origin", service.PartnerOrigin);

        var answers = new[] { await service.Admin.SendAsync(preflight), await service.Admin.SendAsync(get) };

        Assert.All(answers, a => Assert.Null(Header(a, "Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task SignApi_FromAllowedOrigin_IsReadableThereAndCountsItsRef()
    {
        var before = await service.RefCountAsync("wa");
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{Slug}/signatures")
        {
            Content = JsonContent.Create(new { name = "Mina", email = "cors-signer@supporters.example", country = "KR", consent = true, @ref = "wa" }),
        };
        post.Headers.Add("Origin", service.PartnerOrigin);

        var response = await service.Client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(service.PartnerOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("Origin", Header(response, "Vary"), StringComparison.Ordinal);
        Assert.Equal(before + 1, await service.RefCountAsync("wa"));
    }

    [Fact]
    public async Task CampaignJson_FromAllowedAndOtherOrigins_OnlyTheAllowedOneMayReadIt_AndCachesKeepThemApart()
    {
        using var allowed = new HttpRequestMessage(HttpMethod.Get, $"/api/campaigns/{Slug}");
        allowed.Headers.Add("Origin", "https://partner.example");
        using var other = new HttpRequestMessage(HttpMethod.Get, $"/api/campaigns/{Slug}");
        other.Headers.Add("Origin", service.StrangerOrigin);

        var fromPartner = await service.Client.SendAsync(allowed);
        var fromStranger = await service.Client.SendAsync(other);

        Assert.Equal("https://partner.example", Header(fromPartner, "Access-Control-Allow-Origin"));
        Assert.Null(Header(fromStranger, "Access-Control-Allow-Origin"));
        Assert.Contains("Origin", Header(fromStranger, "Vary"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignApi_RefThatIsNotAString_Is400NamingRef()
    {
        var response = await service.SignAsync(Slug, new { name = "Mina", email = "bad-ref@supporters.example", country = "KR", consent = true, @ref = 7 });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("ref", out _));
    }

    [Fact]
    public async Task SignApi_CodeTheCampaignDoesNotHave_SignsAndCountsNothing()
    {
        var response = await service.SignAsync(Slug, new { name = "Mina", email = "odd-ref@supporters.example", country = "KR", consent = true, @ref = "made-up" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0L, await service.RefCountAsync("made-up"));
    }

    [Fact]
    public async Task SignApi_SameSupporterTwiceFromALink_CountsOnce_AndNoSignatureRowHoldsTheCode()
    {
        var before = await service.RefCountAsync("poster");
        var body = new { name = "Poster Reader", email = "poster-reader@supporters.example", country = "KR", consent = true, @ref = "poster" };

        (await service.SignAsync(Slug, body)).EnsureSuccessStatusCode();
        (await service.SignAsync(Slug, body)).EnsureSuccessStatusCode();

        Assert.Equal(before + 1, await service.RefCountAsync("poster"));
        // Nowhere on the signature: no column for it, and not in any value of the row.
        Assert.Equal(0L, await service.QueryScalarAsync<long>(
            "select count(*) from information_schema.columns where table_name = 'signatures' and column_name like '%ref%'"));
        Assert.Equal(0L, await service.QueryScalarAsync<long>(
            "select count(*) from signatures s where s.campaign = @slug and to_jsonb(s)::text like '%poster%'", new { slug = Slug }));
        // Nor does the counter know who: one row per campaign and code, with a number.
        Assert.Equal(["campaign", "ref", "signed"], (await ColumnsAsync("signature_ref_counts")).Order().ToArray());
    }

    [Fact]
    public async Task CampaignPage_WithOneOfItsCodes_CarriesItIntoTheForm_AndIgnoresAnyOther()
    {
        var withCode = await service.Client.GetStringAsync($"/c/{Slug}?ref=poster");
        var withOther = await service.Client.GetStringAsync($"/c/{Slug}?ref=%22%3E%3Cb%3E");

        Assert.Contains("name=\"ref\" value=\"poster\"", withCode, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"ref\"", withOther, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", withOther, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedPage_OffersShareLinksWithTheCampaignsTextAndEachChannelsCode()
    {
        var html = WebUtility.HtmlDecode(await service.Client.GetStringAsync($"/c/{Slug}/signed?lang=en"));
        var text = Uri.EscapeDataString(EmbedService.ShareTexts["en"]);
        var page = $"{service.BaseAddress.GetLeftPart(UriPartial.Authority)}/c/{Slug}?lang=en";

        Assert.Contains($"https://wa.me/?text={text}%20{Uri.EscapeDataString(page + "&ref=wa")}", html, StringComparison.Ordinal);
        Assert.Contains($"https://x.com/intent/post?text={text}&url={Uri.EscapeDataString(page + "&ref=x")}", html, StringComparison.Ordinal);
        Assert.Contains($"mailto:?subject={Uri.EscapeDataString(EmbedService.Titles["en"])}&body={text}", html, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(page + "&ref=mail"), html, StringComparison.Ordinal);
        Assert.Contains($"data-url=\"{page}&ref=native\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmedPage_OffersTheShareStepInTheSupportersLanguage()
    {
        const string email = "confirmed-sharer@supporters.example";
        (await service.SignAsync(Slug, new { name = "Li Wei", email, country = "KR", locale = "zh", consent = true })).EnsureSuccessStatusCode();
        var token = await service.ConfirmationTokenForAsync(email);

        var response = await service.Client.PostAsync($"/confirm/{token}", null);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"zh\">", html, StringComparison.Ordinal);
        var page = $"{service.BaseAddress.GetLeftPart(UriPartial.Authority)}/c/{Slug}?lang=zh";
        Assert.Contains($"https://t.me/share/url?url={Uri.EscapeDataString(page + "&ref=telegram")}&text={Uri.EscapeDataString(EmbedService.ShareTexts["zh"])}", html, StringComparison.Ordinal);
        Assert.Contains($"https://www.facebook.com/sharer/sharer.php?u={Uri.EscapeDataString(page + "&ref=facebook")}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminRefs_ListEveryCodeWithItsCount()
    {
        (await service.SignAsync(Slug, new { name = "Admin Seen", email = "admin-seen@supporters.example", country = "KR", consent = true, @ref = "mail" })).EnsureSuccessStatusCode();

        var refs = (await service.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/campaigns/{Slug}/refs")).GetProperty("refs");
        var anonymous = await service.Client.GetAsync($"/api/admin/campaigns/{Slug}/refs");

        Assert.Equal(await service.RefCountAsync("mail"), refs.GetProperty("mail").GetInt64());
        Assert.True(refs.GetProperty("mail").GetInt64() >= 1);
        Assert.Equal(0, refs.GetProperty("telegram").GetInt64());
        Assert.True(refs.TryGetProperty("poster", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task AdminCampaignPage_ShowsTheSourcesCountsAndTheSnippetToPaste()
    {
        (await service.SignAsync(Slug, new { name = "Page Seen", email = "page-seen@supporters.example", country = "KR", consent = true, @ref = "poster" })).EnsureSuccessStatusCode();
        using var handler = new HttpClientHandler { UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = service.BaseAddress };
        var login = await browser.GetStringAsync("/admin/login");
        var token = Regex.Match(login, "name=\"__af\" value=\"([^\"]+)\"").Groups[1].Value;
        (await browser.PostAsync("/admin/login", new FormUrlEncodedContent([new("key", ServiceFixture.AdminKey), new("__af", token)]))).EnsureSuccessStatusCode();

        var html = await browser.GetStringAsync($"/admin/c/{Slug}");

        var poster = Regex.Match(html, "<tr data-ref=\"poster\"><td>poster</td><td>other</td><td data-signed>(\\d+)</td></tr>");
        Assert.True(poster.Success, "the page lists the poster code");
        Assert.Equal(await service.RefCountAsync("poster"), long.Parse(poster.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("<tr data-ref=\"wa\"><td>wa</td><td>whatsapp</td>", html, StringComparison.Ordinal);
        var snippet = WebUtility.HtmlDecode(Regex.Match(html, "<textarea id=\"embed-snippet\" readonly rows=\"3\">([^<]+)</textarea>").Groups[1].Value);
        Assert.StartsWith($"<iframe src=\"{service.BaseAddress.GetLeftPart(UriPartial.Authority)}/embed/c/{Slug}?lang=en\"", snippet, StringComparison.Ordinal);
        Assert.Contains(service.PartnerOrigin, html, StringComparison.Ordinal);
    }

    private async Task<List<string>> ColumnsAsync(string table)
    {
        await using var connection = new Npgsql.NpgsqlConnection(service.ConnectionString);
        return [.. await Dapper.SqlMapper.QueryAsync<string>(connection, "select column_name from information_schema.columns where table_name = @table", new { table })];
    }

    private HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress };

    private static HttpRequestMessage EmbedPost(string email, string? fetchSite, string? origin = null, string? shareRef = null)
    {
        var fields = new Dictionary<string, string> { ["name"] = "김민지", ["email"] = email, ["country"] = "KR", ["locale"] = "ko", ["consent"] = "true" };
        if (shareRef is not null) fields["ref"] = shareRef;
        var post = new HttpRequestMessage(HttpMethod.Post, $"/embed/c/{Slug}") { Content = new FormUrlEncodedContent(fields) };
        if (fetchSite is not null) post.Headers.Add("Sec-Fetch-Site", fetchSite);
        if (origin is not null) post.Headers.Add("Origin", origin);
        return post;
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method = "POST")
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, path);
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", method);
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        return preflight;
    }
}
