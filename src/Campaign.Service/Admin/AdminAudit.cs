using Dapper;
using Npgsql;

namespace Campaign.Service.Admin;

/// <summary>
/// The audit log: every admin action — anything an admin posts or deletes, a login, a logout, a read of
/// supporters' data marked <see cref="AuditedRead"/> — lands in <c>admin_audit</c> once answered, with how the
/// admin proved themselves, the route and its values. Request bodies are never recorded (an erasure's body is
/// a supporter's address). <c>GET /api/admin/audit</c> lists it, newest first.
/// </summary>
public static class AdminAudit
{
    /// <summary>Marks an admin GET that hands out supporters' data (an export), so reading it is recorded too.</summary>
    public sealed class AuditedRead;

    public sealed record Entry(DateTime At, string Actor, string Action, string Subject, int Status);

    public static IApplicationBuilder UseAdminAudit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next(http);
        if (Audited(http) is { } actor) await RecordAsync(http, actor);
    });

    public static void MapAdminAudit(this RouteGroupBuilder admin) =>
        admin.MapGet("/audit", async (NpgsqlDataSource dataSource, int? limit, CancellationToken ct) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var entries = await connection.QueryAsync<Entry>(new CommandDefinition(
                "select at, actor, action, subject, status from admin_audit order by id desc limit @limit",
                new { limit = Math.Clamp(limit ?? 100, 1, 1000) }, cancellationToken: ct));
            return TypedResults.Ok(entries.ToList());
        });

    /// <summary>Who to record the request as, or null when it is no admin action.</summary>
    private static string? Audited(HttpContext http)
    {
        var path = http.Request.Path;
        if (!path.StartsWithSegments("/admin") && !path.StartsWithSegments("/api/admin") && !path.StartsWithSegments("/hangfire")) return null;
        var read = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        if (read && http.GetEndpoint()?.Metadata.GetMetadata<AuditedRead>() is null) return null;
        // A login is an admin action by someone who was not one yet: recorded when it let them in.
        if (path == "/admin/login") return http.Response.StatusCode == StatusCodes.Status302Found ? "key (login form)" : null;
        if (!http.User.IsInRole(AdminAccess.Role)) return null;
        return http.Request.Headers.Authorization.Count > 0 ? "key" : "session";
    }

    private static async Task RecordAsync(HttpContext http, string actor)
    {
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
        var subject = string.Join(" ", http.Request.RouteValues.Where(v => v.Value is string or long or int)
            .OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));
        var dataSource = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        // Not the request's token: the action happened, so its record is written even if the client has gone.
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into admin_audit (actor, action, subject, status) values (@actor, @action, @subject, @status)",
            new { actor, action = $"{http.Request.Method} /{route.TrimStart('/')}", subject, status = http.Response.StatusCode }));
    }
}
