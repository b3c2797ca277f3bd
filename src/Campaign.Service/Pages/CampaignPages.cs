using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Replies;
using Campaign.Core.Signatures;
using Campaign.Core.Templates;
using Campaign.Service.Abuse;
using Campaign.Service.Api;
using Microsoft.Extensions.Options;
using Campaign.Service.Numbers;
using static Campaign.Service.Pages.HtmlPage;
using static Campaign.Service.Pages.SupporterPageTexts;

namespace Campaign.Service.Pages;

/// <summary>
/// The supporter's pages: open campaigns at <c>/</c>, a campaign and its sign form at <c>/c/{slug}</c>.
/// The form POST follows the API's rules (same validation, same 404 and 409) and answers in the page's language.
/// </summary>
public static class CampaignPages
{
    public static IEndpointRouteBuilder MapCampaignPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", IndexAsync);
        app.MapGet("/c/{slug}", ShowAsync);
        app.MapPost("/c/{slug}", SignAsync).RequireClientLimit(LimitedAction.Signing);
        app.MapGet("/c/{slug}/signed", Signed);
        app.MapEmbedPages();
        return app;
    }

    private static async Task<IResult> IndexAsync(HttpContext http, CampaignCatalog catalog, SignatureCounts counts, TimeProvider time, CancellationToken cancellationToken)
    {
        var (language, words) = For(http.Request);
        var items = new List<string>();
        foreach (var campaign in catalog.All.Where(c => c.TakesSignaturesAt(time.GetUtcNow())))
        {
            var count = await counts.ForCampaignAsync(campaign.Slug, cancellationToken);
            var lang = campaign.Languages.Contains(language) ? language : campaign.DefaultLanguage;
            var signatures = Format(words.SignatureCount, count.Confirmed.ToString("#,0", CultureInfo.InvariantCulture));
            items.Add($"<li><a href=\"/c/{E(campaign.Slug)}?lang={E(lang)}\">{E(campaign.Title.For(language, campaign.DefaultLanguage))}</a> <span class=\"muted\">{E(signatures)}</span></li>");
        }
        var list = items.Count == 0 ? $"<p>{E(words.NoCampaigns)}</p>" : $"<ul>{string.Concat(items)}</ul>";
        // No form here, so nothing per visitor: caches may keep the list and its counts like the API's.
        var page = Document(language, words.OpenCampaigns, $"""
            {LanguageSwitch.Render("/", [.. Languages], language)}
            <h1>{E(words.OpenCampaigns)}</h1>
            {list}
            """);
        return ConditionalAnswer.Bytes(http, System.Text.Encoding.UTF8.GetBytes(page), ContentType, ConditionalAnswer.PublicCounts, variesByLanguage: true);
    }

    private static async Task<IResult> ShowAsync(string slug, HttpContext http, CampaignCatalog catalog, SignatureCounts counts,
        TemplateRenderer templates, ReplyBook replies, SigningGate gate, PublicNumbers numbers, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Visible(catalog, slug) is not { } campaign) return NotFound(http);
        var count = await counts.ForCampaignAsync(slug, cancellationToken);
        var open = campaign.TakesSignaturesAt(time.GetUtcNow());
        return CampaignPageView.Render(http, campaign, Pick(http.Request, campaign.Languages), count.Confirmed, open, templates,
            await replies.PublishedAsync(slug, cancellationToken),
            challenge: open ? FreshChallenge(http, gate, slug) : null,
            shareRef: SignatureForm.RefOf(http.Request.Query[SignatureForm.RefField], campaign),
            numbers: await numbers.ForAsync(campaign, cancellationToken));
    }

    internal static FormChallenge? FreshChallenge(HttpContext http, SigningGate gate, string slug) =>
        gate.ChallengeFor(http, slug) is { } challenge ? new FormChallenge(challenge) : null;

    /// <summary>The sign form's POST, from the campaign page or from the embedded form (<see cref="EmbedPages"/>), which answers in its frame.</summary>
    internal static async Task<IResult> SignAsync(string slug, HttpContext http, CampaignCatalog catalog, SignatureCounts counts,
        SignatureWriter writer, TemplateRenderer templates, ReplyBook replies, SigningGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Visible(catalog, slug) is not { } campaign) return NotFound(http);
        var embedded = EmbedPages.IsEmbedded(http);
        var here = $"{(embedded ? EmbedPages.Prefix : "")}/c/{Uri.EscapeDataString(slug)}";
        if (embedded) EmbedPages.AllowFraming(http, campaign);
        var published = embedded ? [] : await replies.PublishedAsync(slug, cancellationToken);
        var language = Pick(http.Request, campaign.Languages);
        if (http.Request.ContentLength > CampaignEndpoints.MaxBodyBytes)
            return Render(language, campaign.Slug, $"<p class=\"alert\">{E(For(language).Errors.Invalid)}</p>", StatusCodes.Status413PayloadTooLarge);
        var checkedForm = embedded
            ? http.Request.HasFormContentType && EmbedPages.FromOurOwnPage(http) ? await http.Request.ReadFormAsync(cancellationToken) : null
            : await PageSecurity.ReadCheckedFormAsync(http);
        if (checkedForm is not { } form)
            return Render(language, For(language).FormExpired, $"<p class=\"alert\">{E(For(language).FormExpired)}</p><p><a href=\"{E(here)}?lang={E(language)}\">{E(campaign.Title.For(language, campaign.DefaultLanguage))}</a></p>", StatusCodes.Status400BadRequest);

        // The page's language travels in the form's "locale", which is also the language of the confirmation email.
        if (campaign.Languages.Contains(form["locale"].ToString())) language = form["locale"].ToString();
        var shareRef = SignatureForm.RefOf(form[SignatureForm.RefField], campaign) ?? (embedded ? campaign.Share.CodeFor("embed") : null);
        var count = (await counts.ForCampaignAsync(slug, cancellationToken)).Confirmed;
        IResult Page(bool open, IFormCollection? typed = null, IReadOnlyDictionary<string, SignatureProblem>? errors = null, int status = StatusCodes.Status200OK,
            FormChallenge? challenge = null) => embedded
            ? EmbedPages.Render(http, campaign, language, count, open, shareRef, typed, errors, status, challenge)
            : CampaignPageView.Render(http, campaign, language, count, open, templates, published, typed, errors, status, challenge, shareRef);
        if (!campaign.TakesSignaturesAt(time.GetUtcNow())) return Page(open: false, status: StatusCodes.Status409Conflict);

        var (request, errors) = SignatureForm.FromForm(form, campaign);
        if (request is null) return Page(open: true, form, errors, StatusCodes.Status400BadRequest, FreshChallenge(http, gate, slug));
        if (gate.Pass(http, slug, form[SignatureForm.ChallengeField]) is { MayGoOn: false } stopped)
            return Page(open: true, form, errors, StatusCodes.Status400BadRequest, new FormChallenge(stopped.Challenge!, stopped.Check));
        if (!Honeypot.Caught(http, slug, form[SignatureForm.HoneypotField]) && await SignatureSources.SignAsync(http, writer, campaign, request, shareRef) is { } refused)
            return refused;
        // The same answer whether or not this address had signed already: who signed is never revealed.
        return Results.Redirect($"{here}/signed?lang={Uri.EscapeDataString(language)}");
    }

    /// <summary>"Check your email", and the share step; in the partner's frame when signed there.</summary>
    internal static IResult Signed(string slug, HttpContext http, CampaignCatalog catalog, IOptions<AppOptions> options)
    {
        if (Visible(catalog, slug) is not { } campaign) return NotFound(http);
        var embedded = EmbedPages.IsEmbedded(http);
        if (embedded) EmbedPages.AllowFraming(http, campaign);
        var language = Pick(http.Request, campaign.Languages);
        var words = For(language);
        var campaignLink = $"/c/{E(slug)}?lang={E(language)}";
        var body = $"""
            <h1>{E(words.CheckEmailTitle)}</h1>
            <p class="notice">{E(words.CheckEmail)}</p>
            {ShareStep.Render(campaign, language, words, options.Value.PublicBaseUrl)}
            <p><a href="{campaignLink}"{(embedded ? " target=\"_blank\" rel=\"noopener\"" : "")}>{E(campaign.Title.For(language, campaign.DefaultLanguage))}</a></p>
            """;
        return Render(language, words.CheckEmailTitle, embedded ? $"<main class=\"embed\">{body}</main>" : body);
    }

    /// <summary>Drafts do not exist for the public, as in the API.</summary>
    internal static CampaignDefinition? Visible(CampaignCatalog catalog, string slug) =>
        catalog.Find(slug) is { Status: not CampaignStatus.Draft } campaign ? campaign : null;

    internal static IResult NotFound(HttpContext http)
    {
        var (language, words) = For(http.Request);
        return Render(language, words.OpenCampaigns, $"<h1>404</h1><p><a href=\"/?lang={E(language)}\">{E(words.OpenCampaigns)}</a></p>", StatusCodes.Status404NotFound);
    }
}
