using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Signatures;
using Campaign.Service.Abuse;
using Campaign.Service.Api;
using Microsoft.Extensions.Options;
using static Campaign.Service.Pages.HtmlPage;
using static Campaign.Service.Pages.SupporterPageTexts;

namespace Campaign.Service.Pages;

/// <summary>
/// The pages a supporter reaches from an email. A GET only shows a button: mail scanners that follow
/// links must never confirm or withdraw anything. The POST does the work.
/// </summary>
/// <remarks>
/// The confirm and unsubscribe POSTs carry no antiforgery token. The token in the URL is itself the secret a
/// forged request would need: a site that knows it could as well press the button. And RFC 8058 mail clients
/// POST the unsubscribe without ever loading a page, so they could not carry a token. The erase form is
/// only ever posted from its own page, like the sign form, so it carries one: erasure cannot be undone.
/// </remarks>
public static class SupporterPages
{
    public static IEndpointRouteBuilder MapSupporterPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/confirm/{token}", async (string token, HttpRequest request, SignatureBook book, SupporterTokens tokens, CampaignCatalog catalog, CancellationToken cancellationToken) =>
        {
            var (language, campaign) = await OriginAsync(token, TokenPurpose.Confirm, request, book, tokens, catalog, cancellationToken);
            var words = For(language);
            var title = campaign is null ? "" : $"<p>{E(campaign.Title.For(language, campaign.DefaultLanguage))}</p>";
            return Render(language, words.ConfirmTitle, $"""
                <h1>{E(words.ConfirmTitle)}</h1>
                {title}
                <form method="post" action="/confirm/{E(Uri.EscapeDataString(token))}?lang={E(language)}"><button type="submit">{E(words.ConfirmButton)}</button></form>
                """);
        });

        app.MapPost("/confirm/{token}", async (string token, HttpRequest request, SignatureBook book, SupporterTokens tokens, CampaignCatalog catalog,
            SignatureCounts counts, IOptions<AppOptions> options, CancellationToken cancellationToken) =>
        {
            var (language, campaign) = await OriginAsync(token, TokenPurpose.Confirm, request, book, tokens, catalog, cancellationToken);
            var words = For(language);
            return await CampaignEndpoints.ConfirmTokenAsync(token, book, tokens, cancellationToken) switch
            {
                CampaignEndpoints.ConfirmAnswer.Confirmed => Render(language, words.ConfirmTitle,
                    $"<h1>{E(words.Confirmed)}</h1>{await ThanksAsync(campaign, language, words, counts, options.Value, cancellationToken)}"),
                CampaignEndpoints.ConfirmAnswer.Expired => Render(language, words.ConfirmTitle, $"<h1>{E(words.Expired)}</h1>", StatusCodes.Status410Gone),
                _ => Render(language, words.ConfirmTitle, $"<h1>{E(words.Expired)}</h1>", StatusCodes.Status400BadRequest),
            };
        }).RequireClientLimit(LimitedAction.Confirming).DisableAntiforgery();

        app.MapGet("/unsubscribe/{token}", async (string token, HttpRequest request, SignatureBook book, SupporterTokens tokens, CampaignCatalog catalog, CancellationToken cancellationToken) =>
        {
            var (language, _) = await OriginAsync(token, TokenPurpose.Unsubscribe, request, book, tokens, catalog, cancellationToken);
            var words = For(language);
            return Render(language, words.WithdrawTitle, $"""
                <h1>{E(words.WithdrawTitle)}</h1>
                <form method="post" action="/unsubscribe/{E(Uri.EscapeDataString(token))}?lang={E(language)}">
                <input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">{E(words.WithdrawButton)}</button></form>
                """);
        });

        // RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here; the page's own button posts the same.
        app.MapPost("/unsubscribe/{token}", async (string token, HttpRequest request, SignatureBook book, SupporterTokens tokens, CancellationToken cancellationToken) =>
        {
            var (language, words) = For(request);
            if (tokens.Check(token, TokenPurpose.Unsubscribe, out var signatureId) != TokenCheck.Valid)
                return Render(language, words.WithdrawTitle, $"<h1>{E(words.Expired)}</h1>", StatusCodes.Status400BadRequest);
            await book.WithdrawAsync(signatureId, cancellationToken);
            return Render(language, words.WithdrawTitle, $"<h1>{E(words.Withdrawn)}</h1>");
        }).DisableAntiforgery();

        // "Delete everything about me": the link in every email to a supporter. It never expires and works
        // after the campaign closed; an already erased supporter gets the same answer as one erased now.
        app.MapGet("/erase/{token}", async (string token, HttpContext http, SignatureBook book, SupporterTokens tokens, CampaignCatalog catalog, CancellationToken cancellationToken) =>
        {
            var (language, _) = await OriginAsync(token, TokenPurpose.Erase, http.Request, book, tokens, catalog, cancellationToken);
            var words = For(language);
            if (tokens.Check(token, TokenPurpose.Erase, out _) != TokenCheck.Valid)
                return Render(language, words.EraseTitle, $"<h1>{E(words.Expired)}</h1>", StatusCodes.Status400BadRequest);
            return Render(language, words.EraseTitle, $"""
                <h1>{E(words.EraseTitle)}</h1>
                <p>{E(words.EraseExplain)}</p>
                <form method="post" action="/erase/{E(Uri.EscapeDataString(token))}?lang={E(language)}">{PageSecurity.TokenField(http)}
                <div class="field check"><input id="f-never" name="never" type="checkbox" value="true" aria-describedby="f-never-hint"><label for="f-never">{E(words.NeverEmailAgain)}</label><p class="muted" id="f-never-hint">{E(words.NeverEmailAgainHint)}</p></div>
                <button type="submit">{E(words.EraseButton)}</button></form>
                """);
        });

        app.MapPost("/erase/{token}", async (string token, HttpContext http, SignatureBook book, SupporterTokens tokens, CampaignCatalog catalog,
            SupporterErasure erasure, CancellationToken cancellationToken) =>
        {
            var (language, _) = await OriginAsync(token, TokenPurpose.Erase, http.Request, book, tokens, catalog, cancellationToken);
            var words = For(language);
            if (tokens.Check(token, TokenPurpose.Erase, out var signatureId) != TokenCheck.Valid)
                return Render(language, words.EraseTitle, $"<h1>{E(words.Expired)}</h1>", StatusCodes.Status400BadRequest);
            if (await PageSecurity.ReadCheckedFormAsync(http) is not { } form)
                return Render(language, words.FormExpired, $"""
                    <p class="alert">{E(words.FormExpired)}</p><p><a href="/erase/{E(Uri.EscapeDataString(token))}?lang={E(language)}">{E(words.EraseTitle)}</a></p>
                    """, StatusCodes.Status400BadRequest);
            await erasure.EraseOnRequestAsync(signatureId, form["never"].ToString() is "true" or "on", cancellationToken);
            return Render(language, words.EraseTitle, $"<h1>{E(words.Erased)}</h1>");
        }).RequireClientLimit(LimitedAction.Erasure);

        return app;
    }

    /// <summary>
    /// The page speaks the language the supporter signed in (the email's link carries no <c>?lang=</c>);
    /// an explicit <c>?lang=</c> still wins.
    /// </summary>
    internal static async Task<(string Language, CampaignDefinition? Campaign)> OriginAsync(string token, TokenPurpose purpose, HttpRequest request,
        SignatureBook book, SupporterTokens tokens, CampaignCatalog catalog, CancellationToken cancellationToken)
    {
        var (fallback, _) = For(request);
        if (tokens.Check(token, purpose, out var signatureId) != TokenCheck.Valid
            || await book.OriginAsync(signatureId, cancellationToken) is not { } origin
            || catalog.Find(origin.Campaign) is not { } campaign)
            return (fallback, null);
        var language = request.Query.ContainsKey("lang") ? Pick(request, campaign.Languages) : origin.Language;
        return (Languages.Contains(language) ? language : fallback, campaign);
    }

    private static async Task<string> ThanksAsync(CampaignDefinition? campaign, string language, PageWords words, SignatureCounts counts,
        AppOptions options, CancellationToken cancellationToken)
    {
        if (campaign is null) return "";
        var count = (await counts.ForCampaignAsync(campaign.Slug, cancellationToken)).Confirmed;
        return $"""
            <p>{E(Format(words.SignedCount, count.ToString("#,0", CultureInfo.InvariantCulture)))}</p>
            {ShareStep.Render(campaign, language, words, options.PublicBaseUrl)}
            """;
    }
}
