using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Replies;
using Campaign.Core.Templates;
using Campaign.Service.Api;
using Campaign.Service.Numbers;
using Microsoft.Extensions.Options;
using static Campaign.Service.Pages.HtmlPage;
using static Campaign.Service.Pages.SupporterPageTexts;

namespace Campaign.Service.Pages;

/// <summary>
/// <c>/c/{slug}</c>: the campaign's words (Markdown, raw HTML disabled), its progress, the letter or petition,
/// the targets' published replies (<see cref="CampaignReplies"/>), and the sign form while the campaign takes signatures.
/// The campaign's own parts are rendered once per count (<see cref="CampaignPageParts"/>).
/// </summary>
public static class CampaignPageView
{
    public static IResult Render(HttpContext http, CampaignDefinition campaign, string language, long confirmed, bool open,
        TemplateRenderer templates, IReadOnlyList<ReplyBook.Published> replies, IFormCollection? typed = null, IReadOnlyDictionary<string, SignatureProblem>? errors = null,
        int statusCode = StatusCodes.Status200OK, FormChallenge? challenge = null, string? shareRef = null, PublicNumbers.Numbers? numbers = null)
    {
        var words = For(language);
        var title = campaign.Title.For(language, campaign.DefaultLanguage);
        var form = open
            ? new SignFormView(http, campaign, language, words, typed, errors, challenge, shareRef).Render()
            : $"<p class=\"notice\">{E(words.NotOpen)}</p>";
        var same = http.RequestServices.GetRequiredService<CampaignPageParts>().For(campaign, language, confirmed, () => $"""
            {LanguageSwitch.Render($"/c/{campaign.Slug}", campaign.Languages, language)}
            <h1>{E(title)}</h1>
            {TemplateRenderer.ToHtml(campaign.Summary.For(language, campaign.DefaultLanguage))}
            {Progress(campaign, confirmed, words)}
            {TheAsk(campaign, language, confirmed, words, templates)}
            <p class="muted"><a href="/c/{E(campaign.Slug)}/ledger?lang={E(language)}">{E(words.Ledger.Link)}</a></p>
            """);
        // The page itself is not cacheable: the form carries this visitor's antiforgery token (antiforgery marks
        // the answer no-store) and, past a threshold, a challenge for this client.
        var updates = UpdateList.Render(campaign, language, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), words);
        var preview = LinkPreviewTags.Render(campaign, language, confirmed, http.RequestServices.GetRequiredService<IOptions<AppOptions>>().Value);
        return HtmlPage.Render(language, title, $"""
            {same}
            {CampaignReplies.Render(campaign, replies, words)}
            {form}
            {(numbers is null ? "" : NumbersSection.Render(campaign, language, numbers))}
            {updates}
            """, statusCode, head: preview);
    }

    public static string Progress(CampaignDefinition campaign, long confirmed, PageWords words)
    {
        var count = confirmed.ToString("#,0", CultureInfo.InvariantCulture);
        if (campaign.Goal is not { } goal) return $"<p class=\"progress\"><strong>{E(Format(words.SignatureCount, count))}</strong></p>";
        var text = Format(words.GoalProgress, count, goal.ToString("#,0", CultureInfo.InvariantCulture));
        return $"<p class=\"progress\"><strong>{E(text)}</strong><br><progress max=\"{goal}\" value=\"{Math.Min(confirmed, goal)}\">{E(text)}</progress></p>";
    }

    /// <summary>What the supporter puts their name to: the petition text, or the letter as the first target will read it.</summary>
    private static string TheAsk(CampaignDefinition campaign, string language, long confirmed, PageWords words, TemplateRenderer templates)
    {
        if (campaign.PetitionText is { } petition)
            return $"<h2>{E(words.ThePetition)}</h2><div class=\"letter\">{TemplateRenderer.ToHtml(petition.For(language, campaign.DefaultLanguage))}</div>";
        if (campaign.Letter is not { } letter || campaign.Targets.Count == 0) return "";
        var target = campaign.Targets[0];
        var model = LetterModel.For(campaign, target, language, confirmed, words.YourName, "", null);
        var body = templates.Fill(letter.Body.For(language, campaign.DefaultLanguage), model);
        var goesTo = Format(words.LetterGoesTo, string.Join(", ", campaign.Targets.Select(t => t.Name)));
        return $"""
            <h2>{E(words.TheLetter)}</h2>
            <p class="muted">{E(goesTo)}</p>
            <div class="letter">{TemplateRenderer.ToHtml(body)}</div>
            """;
    }
}
