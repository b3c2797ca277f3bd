using Campaign.Core.Campaigns;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Pages;

/// <summary>
/// The share step after signing and after confirming: plain links to each channel's own share page, each with
/// the campaign's <c>share.text</c> and a link to the campaign carrying that channel's <c>?ref=</c> code. Plain
/// <c>&lt;a&gt;</c> links: no service hears of this page until the supporter presses one (no script, pixel or
/// button of theirs is loaded). Where the browser has its own share sheet, <see cref="ShareScript"/> shows a
/// button for it — on a phone that is also the way to KakaoTalk and WeChat, which share only through their SDKs.
/// </summary>
public static class ShareStep
{
    /// <param name="publicBaseUrl">The links leave this site, so they name it in full.</param>
    public static string Render(CampaignDefinition campaign, string language, PageWords words, string publicBaseUrl)
    {
        var title = campaign.Title.For(language, campaign.DefaultLanguage);
        var text = campaign.Share.Text?.For(language, campaign.DefaultLanguage).Trim() ?? title;
        var page = $"{publicBaseUrl.TrimEnd('/')}/c/{Uri.EscapeDataString(campaign.Slug)}?lang={Uri.EscapeDataString(language)}";
        string Url(string channel) => $"{page}&ref={Uri.EscapeDataString(campaign.Share.CodeFor(channel))}";
        static string Q(string value) => Uri.EscapeDataString(value);

        var links = new (string Channel, string Label, string Href)[]
        {
            ("email", words.ShareByEmail, $"mailto:?subject={Q(title)}&body={Q($"{text}\n\n{Url("email")}")}"),
            ("whatsapp", "WhatsApp", $"https://wa.me/?text={Q($"{text} {Url("whatsapp")}")}"),
            ("telegram", "Telegram", $"https://t.me/share/url?url={Q(Url("telegram"))}&text={Q(text)}"),
            ("line", "LINE", $"https://social-plugins.line.me/lineit/share?url={Q(Url("line"))}"),
            ("x", "X", $"https://x.com/intent/post?text={Q(text)}&url={Q(Url("x"))}"),
            ("facebook", "Facebook", $"https://www.facebook.com/sharer/sharer.php?u={Q(Url("facebook"))}"),
        };
        // A new tab: inside a partner's frame the channels' pages could not open (they refuse to be framed).
        var items = string.Concat(links.Select(l => l.Channel == "email"
            ? $"<li><a href=\"{E(l.Href)}\" data-channel=\"{l.Channel}\">{E(l.Label)}</a></li>"
            : $"<li><a href=\"{E(l.Href)}\" data-channel=\"{l.Channel}\" target=\"_blank\" rel=\"noopener noreferrer\">{E(l.Label)}</a></li>"));
        return $"""
            <section class="share-step">
            <h2>{E(words.ShareHeading)}</h2>
            <p>{E(words.ShareAsk)} <a href="{E(page)}" class="share">{E(page)}</a></p>
            <p><button type="button" class="native-share" hidden data-title="{E(title)}" data-text="{E(text)}" data-url="{E(Url("native"))}">{E(words.ShareNative)}</button></p>
            <ul class="share-links">{items}</ul>
            <p class="muted">{E(words.ShareNothingSent)}</p>
            <script src="{ShareScript.Path}" defer></script>
            </section>
            """;
    }
}
