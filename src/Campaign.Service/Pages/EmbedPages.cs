using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Service.Abuse;
using Campaign.Service.Api;
using Microsoft.Extensions.Options;
using static Campaign.Service.Pages.HtmlPage;
using static Campaign.Service.Pages.SupporterPageTexts;

namespace Campaign.Service.Pages;

/// <summary>
/// <c>/embed/c/{slug}</c>: the sign form alone, compact, for a partner's <c>&lt;iframe&gt;</c>. Only the origins in
/// the campaign's <c>embed.allowed_origins</c> may frame it (CSP <c>frame-ancestors</c>; none by default). The form
/// posts back to the embed, and the answer — errors, "check your email", the share step — stays in the frame.
/// </summary>
/// <remarks>
/// In another site's page the browser withholds our SameSite cookies, so the embedded form carries no antiforgery
/// token. It checks instead that the post comes from our own page (its <c>Origin</c> header): another site's page
/// cannot post a signature through its visitors' browsers. A script without a browser could as well use the API.
/// </remarks>
public static class EmbedPages
{
    public const string Prefix = "/embed";

    public static IEndpointRouteBuilder MapEmbedPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(Prefix + "/c/{slug}", ShowAsync);
        app.MapPost(Prefix + "/c/{slug}", CampaignPages.SignAsync).RequireClientLimit(LimitedAction.Signing);
        app.MapGet(Prefix + "/c/{slug}/signed", CampaignPages.Signed);
        return app;
    }

    public static bool IsEmbedded(HttpContext http) => http.Request.Path.StartsWithSegments(Prefix);

    /// <summary>This answer may be framed by the campaign's partners and nobody else.</summary>
    public static void AllowFraming(HttpContext http, CampaignDefinition campaign)
    {
        http.Response.Headers.ContentSecurityPolicy = PageSecurity.PolicyFramedBy(campaign.Embed.AllowedOrigins);
        // A frame-ancestors list is what browsers heed; X-Frame-Options could only contradict it.
        http.Response.Headers.Remove("X-Frame-Options");
        // The embed's URLs carry no token, and its form's post must say where it came from (FromOurOwnPage);
        // nothing goes to another site still.
        http.Response.Headers["Referrer-Policy"] = "same-origin";
    }

    /// <summary>As <see cref="AllowFraming"/> for an answer made before the endpoint ran (a rate limit's refusal).</summary>
    public static void AllowFramingOfRouted(HttpContext http)
    {
        if (IsEmbedded(http) && http.GetRouteValue("slug") is string slug
            && CampaignPages.Visible(http.RequestServices.GetRequiredService<CampaignCatalog>(), slug) is { } campaign)
            AllowFraming(http, campaign);
    }

    /// <summary>
    /// Whether the post came from a page of this site (the embedded form), as its browser says: <c>Sec-Fetch-Site</c>
    /// where the browser sends it, else the <c>Origin</c> it sends for a same-origin post (<see cref="AllowFraming"/>
    /// lets it: under <c>no-referrer</c> a browser sends <c>Origin: null</c>).
    /// </summary>
    public static bool FromOurOwnPage(HttpContext http)
    {
        var site = http.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0) return site == "same-origin";
        if (!Uri.TryCreate(http.Request.Headers.Origin.ToString(), UriKind.Absolute, out var from)) return false;
        var ours = http.RequestServices.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl;
        // The public URL, or this request's own host when a test or a proxy reaches us by another name.
        return (Uri.TryCreate(ours, UriKind.Absolute, out var publicSite) && Uri.Compare(from, publicSite, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            || string.Equals(from.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<IResult> ShowAsync(string slug, HttpContext http, CampaignCatalog catalog, Core.Signatures.SignatureCounts counts,
        SigningGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        if (CampaignPages.Visible(catalog, slug) is not { } campaign) return CampaignPages.NotFound(http);
        var count = await counts.ForCampaignAsync(slug, cancellationToken);
        var open = campaign.TakesSignaturesAt(time.GetUtcNow());
        var shareRef = SignatureForm.RefOf(http.Request.Query[SignatureForm.RefField], campaign) ?? campaign.Share.CodeFor("embed");
        return Render(http, campaign, Pick(http.Request, campaign.Languages), count.Confirmed, open, shareRef,
            challenge: open ? CampaignPages.FreshChallenge(http, gate, slug) : null);
    }

    /// <summary>The compact page: title, progress, the form, and a link to the campaign's whole page.</summary>
    internal static IResult Render(HttpContext http, CampaignDefinition campaign, string language, long confirmed, bool open, string? shareRef,
        IFormCollection? typed = null, IReadOnlyDictionary<string, SignatureProblem>? errors = null, int statusCode = StatusCodes.Status200OK,
        FormChallenge? challenge = null)
    {
        var words = For(language);
        var title = campaign.Title.For(language, campaign.DefaultLanguage);
        var form = open
            ? new SignFormView(http, campaign, language, words, typed, errors, challenge, shareRef, embedded: true).Render()
            : $"<p class=\"notice\">{E(words.NotOpen)}</p>";
        var whole = $"/c/{Uri.EscapeDataString(campaign.Slug)}?lang={Uri.EscapeDataString(language)}" + (shareRef is null ? "" : $"&ref={Uri.EscapeDataString(shareRef)}");
        AllowFraming(http, campaign);
        return HtmlPage.Render(language, title, $"""
            <main class="embed">
            {LanguageSwitch.Render($"{Prefix}/c/{campaign.Slug}", campaign.Languages, language)}
            <h1>{E(title)}</h1>
            {CampaignPageView.Progress(campaign, confirmed, words)}
            {form}
            <p class="muted"><a href="{E(whole)}" target="_blank" rel="noopener">{E(words.EmbedWholeCampaign)}</a></p>
            </main>
            """, statusCode);
    }

    /// <summary>The embed's snippet for the admin campaign page: what a partner pastes into their page.</summary>
    public static string Snippet(CampaignDefinition campaign, string publicBaseUrl, string language) =>
        $"""<iframe src="{publicBaseUrl.TrimEnd('/')}{Prefix}/c/{campaign.Slug}?lang={language}" title="{E(campaign.Title.For(language, campaign.DefaultLanguage))}" style="width:100%;max-width:40rem;height:52rem;border:0" loading="lazy"></iframe>""";
}
