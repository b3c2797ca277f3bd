using Campaign.Core.Campaigns;
using Campaign.Core.Signatures;
using Campaign.Core.Updates;
using static Campaign.Service.Pages.HtmlPage;
using static Campaign.Service.Pages.SupporterPageTexts;

namespace Campaign.Service.Pages;

/// <summary>
/// <c>/updates/stop/{token}</c>: the one-click way out of a campaign's updates (RFC 8058), from every update's
/// List-Unsubscribe header and its footer. It stops updates only: the signature stands. Like the unsubscribe
/// page, the GET shows a button (link scanners change nothing) and the POST, from the page or a mail client,
/// carries no antiforgery token: the token in the URL is the secret.
/// </summary>
public static class UpdatePages
{
    public static IEndpointRouteBuilder MapUpdatePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/updates/stop/{token}", async (string token, HttpRequest request, SignatureBook book, SupporterTokens tokens, CampaignCatalog catalog,
            CancellationToken cancellationToken) =>
        {
            var (language, _) = await SupporterPages.OriginAsync(token, TokenPurpose.StopUpdates, request, book, tokens, catalog, cancellationToken);
            var words = For(language);
            return Render(language, words.StopUpdatesTitle, $"""
                <h1>{E(words.StopUpdatesTitle)}</h1>
                <form method="post" action="/updates/stop/{E(Uri.EscapeDataString(token))}?lang={E(language)}">
                <input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">{E(words.StopUpdatesButton)}</button></form>
                """);
        });

        app.MapPost("/updates/stop/{token}", async (string token, HttpRequest request, SignatureBook book, SupporterTokens tokens, CampaignCatalog catalog,
            UpdateSubscriptions subscriptions, CancellationToken cancellationToken) =>
        {
            var (language, _) = await SupporterPages.OriginAsync(token, TokenPurpose.StopUpdates, request, book, tokens, catalog, cancellationToken);
            var words = For(language);
            if (tokens.Check(token, TokenPurpose.StopUpdates, out var signatureId) != TokenCheck.Valid)
                return Render(language, words.StopUpdatesTitle, $"<h1>{E(words.Expired)}</h1>", StatusCodes.Status400BadRequest);
            await subscriptions.StopAsync(signatureId, cancellationToken);
            return Render(language, words.StopUpdatesTitle, $"<h1>{E(words.UpdatesStopped)}</h1>");
        }).DisableAntiforgery();
        return app;
    }
}
