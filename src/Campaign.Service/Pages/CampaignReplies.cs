using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Replies;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Pages;

/// <summary>
/// The campaign page's "Replies from targets": what organizers published of targets' replies, each with the
/// target's name and the day it answered. Nothing at all until one is published; never the rest of a reply, never
/// a supporter's mail (only targets' replies can be published).
/// </summary>
public static class CampaignReplies
{
    public static string Render(CampaignDefinition campaign, IReadOnlyList<ReplyBook.Published> published, PageWords words)
    {
        if (published.Count == 0) return "";
        var items = published.Select(r =>
        {
            var from = string.Format(CultureInfo.InvariantCulture, words.TargetReplies.From,
                campaign.FindTarget(r.TargetId)?.Name ?? r.TargetId, r.ReceivedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            var auto = r.Kind == ReplyKinds.AutoReply ? $" <span class=\"muted\">({E(words.TargetReplies.AutoReply)})</span>" : "";
            return $"""
                <figure class="target-reply" data-reply="{r.Id}"><figcaption>{E(from)}{auto}</figcaption>
                <blockquote>{Paragraphs(r.Excerpt)}</blockquote></figure>
                """;
        });
        return $"""
            <section id="replies"><h2>{E(words.TargetReplies.Heading)}</h2>
            {string.Concat(items)}
            </section>
            """;
    }

    private static string Paragraphs(string text) => string.Concat(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
        .Select(p => $"<p>{string.Join("<br>", p.Split('\n').Select(E))}</p>"));
}
