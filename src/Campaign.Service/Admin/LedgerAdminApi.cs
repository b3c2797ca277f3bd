using Campaign.Core.Campaigns;
using Campaign.Core.Ledger;

namespace Campaign.Service.Admin;

/// <summary>
/// <c>GET /api/admin/campaigns/{slug}/ledger[?target=ID][&amp;format=csv]</c>: the export <c>ledger export</c> writes, and
/// <c>GET /api/admin/campaigns/{slug}/ledger/verify[?head=HASH]</c>: the chain recomputed, as <c>ledger verify</c> does.
/// </summary>
public static class LedgerAdminApi
{
    public static RouteGroupBuilder MapLedgerAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/campaigns/{slug}/ledger", ExportAsync).WithMetadata(new AdminAudit.AuditedRead());
        admin.MapGet("/campaigns/{slug}/ledger/verify", async (string slug, string? head, CampaignCatalog catalog, LedgerBook ledger, CancellationToken ct) =>
            catalog.Find(slug) is null ? NoSuchCampaign()
            : head is not null && !LedgerEntry.IsHash(head)
                ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a chain head.", detail: "head is 64 hexadecimal digits, as the ledger page shows it.",
                    extensions: new Dictionary<string, object?> { ["field"] = "head" })
                : Results.Ok(await ledger.VerifyAsync(slug, ct, head)));
        return admin;
    }

    private static async Task ExportAsync(string slug, string? target, string? format, HttpContext http, CampaignCatalog catalog, LedgerBook ledger, CancellationToken ct)
    {
        if (catalog.Find(slug) is null)
        {
            await NoSuchCampaign().ExecuteAsync(http);
            return;
        }
        if (format is not (null or "json" or "csv"))
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown format.",
                detail: "format is csv or json (the default).", extensions: new Dictionary<string, object?> { ["field"] = "format" }).ExecuteAsync(http);
            return;
        }
        var rows = await ledger.RowsAsync(slug, string.IsNullOrEmpty(target) ? null : target, ct);
        if (format == "csv")
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"ledger-{slug}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false), leaveOpen: true);
            await LedgerExport.WriteCsvAsync(rows, writer);
            return;
        }
        http.Response.ContentType = "application/json; charset=utf-8";
        await LedgerExport.WriteJsonAsync(rows, http.Response.Body, ct);
    }

    private static IResult NoSuchCampaign() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign.");
}
