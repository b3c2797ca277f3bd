using System.Text.Json;
using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Core.Relay;
using Campaign.Core.Signatures;
using Campaign.Core.Storage;
using Campaign.Service.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Campaign.Service.Admin;

/// <summary>The admin JSON API of SPEC §5. Without the key: 401 and no data.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AdminAccess.Policy);
        app.MapSurgeAdmin();
        admin.MapGet("/stats", StatsAsync);
        admin.MapGet("/messages", AdminMessageList.ListAsync);
        admin.MapPost("/messages/{id:long}/retry", RetryAsync);
        admin.MapPost("/campaigns/{slug}/pause", (string slug, CampaignCatalog catalog, CampaignRows rows, CancellationToken ct) => SetPausedAsync(slug, true, catalog, rows, ct));
        admin.MapPost("/campaigns/{slug}/resume", async (string slug, CampaignCatalog catalog, CampaignRows rows, IDispatchScheduler dispatcher, CancellationToken ct) =>
        {
            var result = await SetPausedAsync(slug, false, catalog, rows, ct);
            dispatcher.Kick(); // what the pause held back is due now
            return result;
        });
        admin.MapGet("/campaigns/{slug}/signatures.csv", ExportAsync).WithMetadata(new AdminAudit.AuditedRead());
        admin.MapGet("/campaigns/{slug}/refs", RefsAsync);
        admin.MapPost("/supporters/erase", EraseAsync);
        admin.MapGet("/relay", async (RelayState relay, CancellationToken ct) => await relay.CurrentPauseAsync(ct) is { } pause
            ? TypedResults.Ok(new RelayStatus("paused", pause.Reason, pause.PausedAt, pause.ProbeAt))
            : TypedResults.Ok(new RelayStatus("sending", null, null, null)));
        app.MapOrganizerAdmin(admin);
        admin.MapDeliverabilityAdmin();
        admin.MapAdminAudit();
        admin.MapLetterCancelAdmin();
        admin.MapLedgerAdmin();
        admin.MapWebhookAdmin();
        admin.MapRepliesAdmin();
        // Every browser session ends at once (a lost laptop); scripts with the key are not affected.
        admin.MapDelete("/sessions", async (AdminSessions sessions) => TypedResults.Ok(new { ended = await sessions.EndAllAsync() }));
        return app;
    }

    /// <summary>What the API answers anyone without the key: 401, a problem document, and no data.</summary>
    public static IResult KeyRequired() => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
        title: "The admin key is required.", detail: "Send Authorization: Bearer <Admin:ApiKey>.");

    /// <param name="PersonalisedLetters">Letters sent (or to be sent) in the supporter's own words; 0 where the letter is not editable.</param>
    public sealed record CampaignStats(string Slug, SignatureStats Signatures, IReadOnlyDictionary<string, long> Messages, long PersonalisedLetters)
    {
        /// <summary>The slug under its old name, kept for the clients that read it until the next release.</summary>
        public string Campaign => Slug;
    }

    public sealed record SignatureStats(long Pending, long Confirmed);

    /// <summary>Whether sending is paused by a configuration fault, why, and when the next probe is.</summary>
    public sealed record RelayStatus(string Status, string? Reason, DateTime? PausedAt, DateTime? NextProbeAt);

    private static async Task<Ok<List<CampaignStats>>> StatsAsync(CampaignCatalog catalog, SignatureCounts signatures, OutboxAdmin outbox, CancellationToken cancellationToken)
    {
        var bySignature = await signatures.ByStatusAsync(cancellationToken);
        var byMessage = await outbox.CountsByCampaignAsync(cancellationToken);
        var personalised = await signatures.PersonalisedLettersAsync(cancellationToken);
        var stats = catalog.All.Select(c =>
        {
            var (pending, confirmed) = bySignature.GetValueOrDefault(c.Slug);
            var counts = byMessage.GetValueOrDefault(c.Slug) ?? [];
            // Every status is listed, zeros included, so dashboards need not guess.
            var messages = MessageStatus.All.ToDictionary(s => s, s => counts.GetValueOrDefault(s));
            var ownWords = c.Letter is { Editable: true } ? personalised.GetValueOrDefault(c.Slug) : 0;
            return new CampaignStats(c.Slug, new SignatureStats(pending, confirmed), messages, ownWords);
        }).ToList();
        return TypedResults.Ok(stats);
    }

    /// <param name="Refs">New signatures per share code, every code of the campaign listed (zeros included).</param>
    public sealed record RefSources(string Slug, IReadOnlyDictionary<string, long> Refs);

    private static async Task<IResult> RefsAsync(string slug, CampaignCatalog catalog, SignatureRefCounts refs, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is not { } campaign)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign.");
        var counts = await refs.ForCampaignAsync(slug, cancellationToken);
        var all = campaign.Share.AllCodes.Concat(counts.Keys).Distinct(StringComparer.Ordinal)
            .ToDictionary(code => code, code => counts.GetValueOrDefault(code), StringComparer.Ordinal);
        return TypedResults.Ok(new RefSources(slug, all));
    }

    /// <param name="Erased">Signatures that held the address's details, in every campaign; 0 for an address that never signed.</param>
    public sealed record ErasureAnswer(int Erased);

    /// <summary>Erases an address everywhere. Signed or not, the answer has the same shape and status: it reveals nothing.</summary>
    private static async Task<IResult> EraseAsync(HttpRequest request, SupporterErasure erasure, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, 4 * 1024, cancellationToken);
        if (problem is not null) return problem;
        var email = body!.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()?.Trim() : null;
        if (string.IsNullOrEmpty(email) || !SignatureForm.IsEmail(email.TrimEnd('.')))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["must be an email address"] },
                title: "Say which address to erase.");
        return TypedResults.Ok(new ErasureAnswer(await erasure.EraseAddressAsync(email, cancellationToken)));
    }

    private static async Task<IResult> RetryAsync(long id, OutboxAdmin outbox, IDispatchScheduler dispatcher, CancellationToken cancellationToken)
    {
        var (outcome, status) = await outbox.RetryAsync(id, cancellationToken);
        switch (outcome)
        {
            case OutboxAdmin.RetryOutcome.Queued:
                dispatcher.Kick();
                return TypedResults.Accepted((string?)null, new { id, status });
            case OutboxAdmin.RetryOutcome.NotFound:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such message.");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This message cannot be retried.",
                    detail: $"It is {status}: only failed, unknown and deferred messages can be sent again.");
        }
    }

    private static async Task<IResult> SetPausedAsync(string slug, bool paused, CampaignCatalog catalog, CampaignRows rows, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is null || !await rows.SetPausedAsync(slug, paused, cancellationToken))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign.");
        return TypedResults.NoContent();
    }

    private static async Task ExportAsync(string slug, HttpContext http, CampaignCatalog catalog, SignatureExport export, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is null)
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign.").ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{slug}-signatures.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false), leaveOpen: true);
        await export.WriteCsvAsync(slug, writer, cancellationToken);
    }
}
