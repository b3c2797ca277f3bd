using Campaign.Core.Signatures;
using Campaign.Service.Api;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Pages;

/// <summary>
/// The pages a supporter reaches from an email. A GET only shows a button: mail scanners that follow
/// links must never confirm or withdraw anything. The POST does the work.
/// </summary>
public static class SupporterPages
{
    public static IEndpointRouteBuilder MapSupporterPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/confirm/{token}", (string token, HttpRequest request) =>
        {
            var (language, words) = SupporterPageTexts.For(request);
            return Render(language, words.ConfirmTitle, $"""
                <h1>{E(words.ConfirmTitle)}</h1>
                <form method="post" action="/confirm/{E(Uri.EscapeDataString(token))}"><button type="submit">{E(words.ConfirmButton)}</button></form>
                """);
        });

        app.MapPost("/confirm/{token}", async (string token, HttpRequest request, SignatureBook book, SupporterTokens tokens, CancellationToken cancellationToken) =>
        {
            var (language, words) = SupporterPageTexts.For(request);
            return await CampaignEndpoints.ConfirmTokenAsync(token, book, tokens, cancellationToken) switch
            {
                CampaignEndpoints.ConfirmAnswer.Confirmed => Render(language, words.ConfirmTitle, $"<h1>{E(words.Confirmed)}</h1>"),
                CampaignEndpoints.ConfirmAnswer.Expired => Render(language, words.ConfirmTitle, $"<h1>{E(words.Expired)}</h1>", StatusCodes.Status410Gone),
                _ => Render(language, words.ConfirmTitle, $"<h1>{E(words.Expired)}</h1>", StatusCodes.Status400BadRequest),
            };
        }).RequireRateLimiting(RateLimits.Signing);

        app.MapGet("/unsubscribe/{token}", (string token, HttpRequest request) =>
        {
            var (language, words) = SupporterPageTexts.For(request);
            return Render(language, words.WithdrawTitle, $"""
                <h1>{E(words.WithdrawTitle)}</h1>
                <form method="post" action="/unsubscribe/{E(Uri.EscapeDataString(token))}">
                <input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">{E(words.WithdrawButton)}</button></form>
                """);
        });

        // RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here; the page's own button posts the same.
        app.MapPost("/unsubscribe/{token}", async (string token, HttpRequest request, SignatureBook book, SupporterTokens tokens, CancellationToken cancellationToken) =>
        {
            var (language, words) = SupporterPageTexts.For(request);
            if (tokens.Check(token, TokenPurpose.Unsubscribe, out var signatureId) != TokenCheck.Valid)
                return Render(language, words.WithdrawTitle, $"<h1>{E(words.Expired)}</h1>", StatusCodes.Status400BadRequest);
            await book.WithdrawAsync(signatureId, cancellationToken);
            return Render(language, words.WithdrawTitle, $"<h1>{E(words.Withdrawn)}</h1>");
        }).DisableAntiforgery();

        return app;
    }
}
