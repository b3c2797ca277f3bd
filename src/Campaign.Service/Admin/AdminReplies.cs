using Campaign.Core.Campaigns;
using Campaign.Core.Replies;
using Campaign.Service.Pages;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Admin;

/// <summary>
/// The campaign page's "Replies from targets": every reply with the target it came from, auto-replies marked, its
/// text and attachments, and a form that publishes it (whole, or the excerpt typed in) or takes it off the page.
/// </summary>
public static class AdminReplies
{
    public static async Task<string> RenderAsync(HttpContext http, CampaignDefinition campaign, ReplyBook book, CancellationToken ct)
    {
        var replies = await book.ListAsync(campaign.Slug, RepliesAdminApi.Listed, ct);
        if (replies.Count == 0) return """<h2 id="replies">Replies from targets</h2><p>No target has replied yet.</p>""";
        var back = $"/admin/c/{campaign.Slug}#replies";
        var rows = string.Concat(replies.Select(r => RepliesAdminApi.Answer(campaign, r)).Select(r => $"""
            <tr data-reply="{r.Id}" data-kind="{E(r.Kind)}"><td>{AdminDashboard.When(r.Received)}</td>
            <td>{E(r.TargetName)}<br><span class="muted">{E(r.TargetId)}</span></td>
            <td>{(r.Kind == ReplyKinds.AutoReply ? "<strong class=\"auto-reply\">auto-reply</strong>" : "reply")}</td>
            <td><strong>{E(r.Subject)}</strong><pre class="reply-text">{E(r.Text)}</pre>{Files(r)}</td>
            <td>{Publication(http, campaign.Slug, r, back)}</td></tr>
            """));
        return $"""
            <h2 id="replies">Replies from targets</h2>
            <p>Mail the targets sent back about the campaign's letters and deliveries, newest first. Nothing of it is public until it is published;
            an excerpt must be the reply's own words. Mail answering a supporter's own mail is never listed here.</p>
            <div class="wide"><table><tr><th>received (UTC)</th><th>target</th><th>kind</th><th>reply</th><th>on the campaign page</th></tr>
            {rows}</table></div>
            """;
    }

    private static string Files(RepliesAdminApi.ReplyAnswer reply) => reply.Attachments.Count == 0 ? "" : "<ul class=\"attachments\">" + string.Concat(reply.Attachments.Select(a =>
        a.Url is { } url
            ? $"<li><a href=\"{E(url)}\">{E(a.FileName)}</a> <span class=\"muted\">{E(a.ContentType)}, {a.Size:#,0} bytes</span></li>"
            : $"<li>{E(a.FileName)} <span class=\"muted\">{a.Size:#,0} bytes: over the limit, not kept</span></li>")) + "</ul>";

    private static string Publication(HttpContext http, string slug, RepliesAdminApi.ReplyAnswer reply, string back)
    {
        var action = $"/admin/campaigns/{E(slug)}/replies/{reply.Id}";
        var token = PageSecurity.TokenField(http);
        if (reply.Excerpt is { } excerpt)
            return $"""
                <p class="notice">Published {AdminDashboard.When(reply.PublishedAt)}:</p><blockquote>{E(excerpt)}</blockquote>
                <form method="post" action="{action}/unpublish">{token}<input type="hidden" name="back" value="{E(back)}">
                <button type="submit" class="small">Take off the page</button></form>
                """;
        return $"""
            <form method="post" action="{action}/publish">{token}<input type="hidden" name="back" value="{E(back)}">
            <label for="excerpt-{reply.Id}">Excerpt (empty: the whole text)</label>
            <textarea id="excerpt-{reply.Id}" name="excerpt" rows="3"></textarea>
            <button type="submit" class="small">Publish</button></form>
            """;
    }

    /// <summary>A line saying what the last publication did, for the page it returns to.</summary>
    public static string Flash(HttpRequest request) =>
        request.Query["published"].ToString() switch
        {
            "1" => "<p class=\"notice\" role=\"status\">The reply is on the campaign page.</p>",
            "0" => "<p class=\"alert\" role=\"alert\">Not published: an excerpt must be words of the reply itself.</p>",
            _ => request.Query["unpublished"].Count > 0 ? "<p class=\"notice\" role=\"status\">The reply is off the campaign page.</p>" : "",
        };

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapPost("/campaigns/{slug}/replies/{id:long}/publish", async (string slug, long id, HttpContext http, ReplyBook book, CancellationToken ct) =>
        {
            if (await PageSecurity.ReadCheckedFormAsync(http) is not { } form) return Results.BadRequest();
            var excerpt = form["excerpt"].ToString();
            var (outcome, _) = await book.PublishAsync(slug, id, string.IsNullOrWhiteSpace(excerpt) ? null : excerpt, ct);
            if (outcome == ReplyBook.Outcome.NotFound) return Results.NotFound();
            return AdminActions.Back(form, outcome == ReplyBook.Outcome.Done ? "published=1" : "published=0");
        });
        pages.MapPost("/campaigns/{slug}/replies/{id:long}/unpublish", async (string slug, long id, HttpContext http, ReplyBook book, CancellationToken ct) =>
        {
            if (await PageSecurity.ReadCheckedFormAsync(http) is not { } form) return Results.BadRequest();
            if (await book.UnpublishAsync(slug, id, ct) == ReplyBook.Outcome.NotFound) return Results.NotFound();
            return AdminActions.Back(form, "unpublished=1");
        });
    }
}
