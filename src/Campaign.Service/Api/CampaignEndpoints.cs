using System.Text.Json;
using Campaign.Core.Campaigns;
using Campaign.Core.Replies;
using Campaign.Core.Signatures;
using Campaign.Service.Abuse;
using Campaign.Service.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Api;

/// <summary>The public JSON API of SPEC §5: campaigns, signing and confirming.</summary>
public static class CampaignEndpoints
{
    /// <summary>A signature is a few hundred bytes; anything near this is not one.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapCampaignApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Public API");
        api.MapGet("/campaigns", ListAsync).Produces<List<CampaignSummary>>();
        api.MapGet("/campaigns/{slug}", GetAsync).Produces<CampaignDetail>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/campaigns/{slug}/signatures", SignAsync).RequireClientLimit(LimitedAction.Signing);
        api.MapPost("/confirmations", ConfirmAsync).RequireClientLimit(LimitedAction.Confirming);
        return app;
    }

    public sealed record CampaignSummary(string Slug, string Kind, string Title, string Status, long Signatures, int? Goal);

    public sealed record CampaignDetail(
        string Slug, string Kind, string Title, string Summary, string Status, IReadOnlyList<string> Languages,
        long Signatures, int? Goal, IReadOnlyList<int> Milestones, IReadOnlyDictionary<string, long> ByCountry,
        DateTimeOffset? Opens, DateTimeOffset? Closes, IReadOnlyList<PublishedReply> Replies);

    /// <summary>What an organizer published of a target's reply, as the campaign page shows it: never the rest of the mail.</summary>
    public sealed record PublishedReply(string TargetId, string Target, string Kind, DateOnly Date, string Excerpt);

    // Both GETs are answered from the shared count, with an ETag and a short public Cache-Control (ConditionalAnswer).
    private static async Task<IResult> ListAsync(HttpContext http, CampaignCatalog catalog, SignatureCounts counts, CancellationToken cancellationToken)
    {
        var list = new List<CampaignSummary>();
        foreach (var campaign in catalog.All.Where(c => c.Status != CampaignStatus.Draft))
        {
            var count = await counts.ForCampaignAsync(campaign.Slug, cancellationToken);
            list.Add(new CampaignSummary(campaign.Slug, KindName(campaign), campaign.Title.For(campaign.DefaultLanguage, campaign.DefaultLanguage),
                StatusName(campaign), count.Confirmed, campaign.Goal));
        }
        return ConditionalAnswer.Json(http, list, ConditionalAnswer.PublicCounts);
    }

    private static async Task<IResult> GetAsync(
        string slug, string? lang, CampaignCatalog catalog, SignatureCounts counts, ReplyBook replies, IOptions<PrivacyOptions> privacy, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is not { } campaign || campaign.Status == CampaignStatus.Draft) return NotFound(slug);
        var language = campaign.PickLanguage(lang ?? http.Request.Headers.AcceptLanguage.ToString());
        var count = await counts.ForCampaignAsync(slug, cancellationToken);
        // Public: a country with a handful of supporters would point at them.
        var byCountry = SignatureCounts.WithFloor(count.ByCountry, privacy.Value.MinCountryCount);
        var detail = new CampaignDetail(campaign.Slug, KindName(campaign),
            campaign.Title.For(language, campaign.DefaultLanguage), campaign.Summary.For(language, campaign.DefaultLanguage),
            StatusName(campaign), campaign.Languages, count.Confirmed, campaign.Goal, campaign.Milestones, byCountry,
            campaign.Opens, campaign.Closes,
            (await replies.PublishedAsync(slug, cancellationToken)).Select(r => new PublishedReply(r.TargetId, campaign.FindTarget(r.TargetId)?.Name ?? r.TargetId,
                r.Kind, DateOnly.FromDateTime(r.ReceivedAt), r.Excerpt)).ToList());
        return ConditionalAnswer.Json(http, detail, ConditionalAnswer.PublicCounts, variesByLanguage: lang is null);
    }

    private static async Task<IResult> SignAsync(
        string slug, HttpContext http, CampaignCatalog catalog, SignatureWriter writer, SigningGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is not { } campaign || campaign.Status == CampaignStatus.Draft) return NotFound(slug);
        var (body, problem) = await JsonBody.ReadAsync(http.Request, MaxBodyBytes, cancellationToken);
        if (problem is not null) return problem;
        if (!campaign.TakesSignaturesAt(time.GetUtcNow())) return NotOpen(campaign, time.GetUtcNow());

        var (request, problems) = SignatureForm.FromJson(body!.RootElement, campaign);
        if (request is null)
            return TypedResults.ValidationProblem(problems.ToDictionary(p => p.Key, p => new[] { p.Value.Message }), title: "The signature has problems.");
        var root = body.RootElement;
        if (gate.Pass(http, campaign.Slug, SignatureForm.Extra(root, SignatureForm.ChallengeField)) is { MayGoOn: false } stopped)
            return Challenges.Problem(stopped);
        if (!Honeypot.Caught(http, campaign.Slug, SignatureForm.Extra(root, SignatureForm.HoneypotField)) && await SignatureSources.SignAsync(http, writer, campaign, request,
                SignatureForm.RefOf(SignatureForm.Extra(root, SignatureForm.RefField), campaign)) is { } refused)
            return refused;
        // The same answer whether or not this address had signed already: who signed is never revealed.
        return TypedResults.Accepted((string?)null, new { status = "pending" });
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, SignatureBook book, SupporterTokens tokens, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request, 4 * 1024, cancellationToken);
        if (problem is not null) return problem;
        var token = body!.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString() : null;
        if (token is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["is required"] });
        return await ConfirmTokenAsync(token, book, tokens, cancellationToken) switch
        {
            ConfirmAnswer.Confirmed => TypedResults.Ok(new { status = "confirmed" }),
            ConfirmAnswer.Expired => TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "This confirmation link has expired or was withdrawn."),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["is not a valid confirmation token"] }),
        };
    }

    public enum ConfirmAnswer { Confirmed, Expired, Invalid }

    /// <summary>Shared by the API and the confirm page's button.</summary>
    public static async Task<ConfirmAnswer> ConfirmTokenAsync(string token, SignatureBook book, SupporterTokens tokens, CancellationToken cancellationToken)
    {
        switch (tokens.Check(token, TokenPurpose.Confirm, out var signatureId))
        {
            case TokenCheck.Expired: return ConfirmAnswer.Expired;
            case TokenCheck.Malformed: return ConfirmAnswer.Invalid;
        }
        return await book.ConfirmAsync(signatureId, cancellationToken) == ConfirmOutcome.Gone ? ConfirmAnswer.Expired : ConfirmAnswer.Confirmed;
    }

    private static string KindName(CampaignDefinition campaign) => campaign.Kind.ToString().ToLowerInvariant();

    private static string StatusName(CampaignDefinition campaign) => campaign.Status.ToString().ToLowerInvariant();

    internal static ProblemHttpResult NotFound(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign.", detail: $"There is no campaign '{slug}'.");

    private static ProblemHttpResult NotOpen(CampaignDefinition campaign, DateTimeOffset now)
    {
        var detail = campaign.Status == CampaignStatus.Closed ? "The campaign is closed."
            : campaign.Opens > now ? $"The campaign opens at {campaign.Opens:O}."
            : campaign.Closes <= now ? $"The campaign closed at {campaign.Closes:O}."
            : "The campaign does not take signatures.";
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The campaign is not open for signatures.", detail: detail);
    }
}
