using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Ledger;
using Campaign.Service.Api;
using static Campaign.Service.Pages.HtmlPage;
using static Campaign.Service.Pages.SupporterPageTexts;

namespace Campaign.Service.Pages;

/// <summary>
/// <c>/c/{slug}/ledger</c>: the public delivery record — per day and recipient, the letters and petition deliveries
/// the relay accepted and the signatures they carried, and the chain head. Counts of mail to targets only: the
/// page says nothing about any supporter.
/// </summary>
public static class LedgerPage
{
    public static IEndpointRouteBuilder MapLedgerPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/c/{slug}/ledger", ShowAsync);
        return app;
    }

    private static async Task<IResult> ShowAsync(string slug, HttpContext http, CampaignCatalog catalog, LedgerBook ledger, CancellationToken cancellationToken)
    {
        if (CampaignPages.Visible(catalog, slug) is not { } campaign) return CampaignPages.NotFound(http);
        var language = Pick(http.Request, campaign.Languages);
        var words = For(language).Ledger;
        var title = campaign.Title.For(language, campaign.DefaultLanguage);
        var summary = await ledger.PublicSummaryAsync(slug, cancellationToken);
        var rows = summary.Days.Select(d => $"""
            <tr><td>{d.Date:yyyy-MM-dd}</td><td>{E(campaign.FindTarget(d.TargetId)?.Name ?? d.TargetId)}</td><td>{N(d.Letters)}</td><td>{N(d.Deliveries)}</td><td>{N(d.Signatures)}</td></tr>
            """);
        var table = summary.Head is null ? $"<p>{E(words.Empty)}</p>" : $"""
            <table>
            <thead><tr><th>{E(words.Date)}</th><th>{E(words.Target)}</th><th>{E(words.Letters)}</th><th>{E(words.Deliveries)}</th><th>{E(words.Signatures)}</th></tr></thead>
            <tbody>{string.Concat(rows)}</tbody>
            </table>
            <p>{E(string.Format(CultureInfo.InvariantCulture, words.Head, N(summary.Entries)))} <code class="hash">{E(summary.Head)}</code></p>
            """;
        var page = Document(language, string.Format(CultureInfo.InvariantCulture, words.Title, title), $"""
            {LanguageSwitch.Render($"/c/{slug}/ledger", campaign.Languages, language)}
            <h1>{E(string.Format(CultureInfo.InvariantCulture, words.Title, title))}</h1>
            <p>{E(words.Intro)}</p>
            {table}
            <p><a href="/c/{E(slug)}?lang={E(language)}">{E(title)}</a></p>
            """);
        return ConditionalAnswer.Bytes(http, System.Text.Encoding.UTF8.GetBytes(page), ContentType, ConditionalAnswer.PublicCounts, variesByLanguage: true);
    }

    private static string N(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);
}
