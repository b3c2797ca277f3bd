using System.Text.Json;
using Campaign.Core.Campaigns;
using Campaign.Core.Replies;
using Campaign.Service.Api;

namespace Campaign.Service.Admin;

/// <summary>
/// Replies from targets in the admin API: the campaign's list (text opened, attachments listed), one attachment,
/// and publishing a reply or an excerpt of it to the campaign page, or taking it off. Reading a reply is recorded in
/// the audit log like an export (it may quote a supporter's letter); every POST is recorded anyway.
/// </summary>
public static class RepliesAdminApi
{
    public const int Listed = 200;

    public sealed record AttachmentAnswer(int N, string FileName, string ContentType, long Size, bool Kept, string? Url);

    public sealed record ReplyAnswer(long Id, string TargetId, string TargetName, string Kind, DateTime Received, string? Subject, string Text,
        string? Excerpt, DateTime? PublishedAt, IReadOnlyList<AttachmentAnswer> Attachments);

    public sealed record PublishAnswer(long Id, string Excerpt);

    public static RouteGroupBuilder MapRepliesAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/campaigns/{slug}/replies", async (string slug, CampaignCatalog catalog, ReplyBook replies, CancellationToken ct) =>
            catalog.Find(slug) is { } campaign
                ? Results.Ok((await replies.ListAsync(slug, Listed, ct)).Select(r => Answer(campaign, r)).ToList())
                : NoSuchCampaign()).WithMetadata(new AdminAudit.AuditedRead());
        admin.MapGet("/campaigns/{slug}/replies/{id:long}/attachments/{n:int}", async (string slug, long id, int n, HttpContext http, ReplyBook replies,
            CancellationToken ct) =>
        {
            if (await replies.AttachmentAsync(slug, id, n, ct) is not { } file)
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such attachment.", detail: "It is unknown, or it was over the limit and not kept.");
            // Mail from outside opened on our own origin, where the admin's session lives: it runs nothing.
            http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
            return Results.File(file.Content, file.ContentType, file.FileName);
        }).WithMetadata(new AdminAudit.AuditedRead());
        admin.MapPost("/campaigns/{slug}/replies/{id:long}/publish", PublishAsync);
        admin.MapPost("/campaigns/{slug}/replies/{id:long}/unpublish", async (string slug, long id, ReplyBook replies, CancellationToken ct) =>
            await replies.UnpublishAsync(slug, id, ct) == ReplyBook.Outcome.Done ? Results.NoContent() : NoSuchReply());
        return admin;
    }

    public static ReplyAnswer Answer(CampaignDefinition campaign, ReplyBook.ReplyView r) =>
        new(r.Id, r.TargetId, campaign.FindTarget(r.TargetId)?.Name ?? r.TargetId, r.Kind, r.ReceivedAt, r.Subject, r.Text, r.Excerpt, r.PublishedAt,
            r.Attachments.Select(a => new AttachmentAnswer(a.N, a.FileName, a.ContentType, a.Size, a.Kept,
                a.Kept ? $"/api/admin/campaigns/{Uri.EscapeDataString(campaign.Slug)}/replies/{r.Id}/attachments/{a.N}" : null)).ToList());

    /// <summary>No body (or <c>{}</c>) publishes the whole text; <c>{"excerpt": "..."}</c> a part of it. Any other field is refused.</summary>
    private static async Task<IResult> PublishAsync(string slug, long id, HttpRequest request, CampaignCatalog catalog, ReplyBook replies, CancellationToken ct)
    {
        if (catalog.Find(slug) is null) return NoSuchCampaign();
        string? excerpt = null;
        if (request.ContentLength is not 0 && (request.ContentLength is not null || request.HasJsonContentType()))
        {
            var (body, problem) = await JsonBody.ReadAsync(request, 256 * 1024, ct);
            if (problem is not null) return problem;
            using var document = body!;
            if (document.RootElement.ValueKind != JsonValueKind.Object) return Invalid("body", "must be an object, {} or {\"excerpt\": \"...\"}");
            foreach (var field in document.RootElement.EnumerateObject())
            {
                if (field.Name != "excerpt") return Invalid(field.Name, "is not a field of a publication: only excerpt is");
                if (field.Value.ValueKind == JsonValueKind.Null) continue;
                if (field.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(field.Value.GetString()))
                    return Invalid("excerpt", "must be a non-empty part of the reply's text; leave it out to publish the whole text");
                excerpt = field.Value.GetString();
            }
        }
        var (outcome, shown) = await replies.PublishAsync(slug, id, excerpt, ct);
        return outcome switch
        {
            ReplyBook.Outcome.Done => Results.Ok(new PublishAnswer(id, shown!)),
            ReplyBook.Outcome.NotFound => NoSuchReply(),
            _ => Invalid("excerpt", "must be words of the reply itself (its text, white space aside); the page quotes a target, it never words it"),
        };
    }

    private static IResult Invalid(string field, string why) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [why] }, title: "The publication is not clear.");

    private static IResult NoSuchCampaign() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign.");

    private static IResult NoSuchReply() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such reply.");
}
