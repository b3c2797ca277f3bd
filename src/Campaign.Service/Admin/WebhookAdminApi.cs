using Campaign.Core.Webhooks;

namespace Campaign.Service.Admin;

/// <summary>
/// <c>GET /api/admin/webhooks[?status=&amp;endpoint=&amp;before=&amp;limit=]</c>: deliveries, newest first, each with
/// every attempt; <c>POST /api/admin/webhooks/{id}/retry</c>: send one again now.
/// </summary>
public static class WebhookAdminApi
{
    private const int DefaultLimit = 50;
    private const int MostAtOnce = 500;

    public static RouteGroupBuilder MapWebhookAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/webhooks", async (string? status, string? endpoint, long? before, int? limit, WebhookAdmin webhooks, CancellationToken ct) =>
        {
            if (status is not null && !WebhookAdmin.Statuses.Contains(status))
                return Invalid("status", $"status is one of {string.Join(", ", WebhookAdmin.Statuses)}.");
            if (limit is < 1 or > MostAtOnce) return Invalid("limit", $"limit is 1 to {MostAtOnce}.");
            return Results.Ok(await webhooks.ListAsync(status, endpoint, before, limit ?? DefaultLimit, ct));
        });
        admin.MapPost("/webhooks/{id:long}/retry", async (long id, WebhookAdmin webhooks, CancellationToken ct) =>
            await webhooks.RetryAsync(id, ct) ? Results.Ok(new { id, status = "pending" })
            : await webhooks.ExistsAsync(id, ct)
                ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not retried.", detail: "The delivery is delivered or under way.")
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such webhook delivery."));
        return admin;
    }

    private static IResult Invalid(string field, string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid query.", detail: detail, extensions: new Dictionary<string, object?> { ["field"] = field });
}
