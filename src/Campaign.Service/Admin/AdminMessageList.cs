using System.Globalization;
using Campaign.Core.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Campaign.Service.Admin;

/// <summary>
/// <c>GET /api/admin/messages</c>: the outbox, page by page, so a campaign of any size can be audited. The body
/// stays a JSON array; the way on is an RFC 8288 <c>Link: &lt;...&gt;; rel="next"</c> header, sent whenever more
/// rows exist, holding every filter of the request.
/// </summary>
public static class AdminMessageList
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The query string as sent. Each field is read here, not by the framework, so a 400 names the field.</summary>
    public sealed record ListRequest(string? Status, string? Campaign, string? Kind, string? Target, string? Before, string? After, string? Limit);

    public static async Task<Results<Ok<IReadOnlyList<OutboxAdmin.MessageView>>, ValidationProblem>> ListAsync(
        [AsParameters] ListRequest request, HttpContext http, OutboxAdmin outbox, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var status = OneOf(request.Status, "status", MessageStatus.All, errors);
        var kind = OneOf(request.Kind, "kind", MessageKind.All, errors);
        var limit = Number(request.Limit, "limit", 1, MaxLimit, errors) ?? DefaultLimit;
        var before = Number(request.Before, "before", 1, long.MaxValue, errors);
        var after = Number(request.After, "after", 0, long.MaxValue, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var query = new OutboxAdmin.MessageQuery(status, Given(request.Campaign), kind, Given(request.Target), before, after, (int)limit);
        // One row more than asked for: whether a next page exists is then known, not guessed.
        var rows = await outbox.ListAsync(query with { Limit = query.Limit + 1 }, cancellationToken);
        if (rows.Count <= query.Limit) return TypedResults.Ok(rows);
        var page = rows.Take(query.Limit).ToList();
        http.Response.Headers.Link = $"<{NextPage(http.Request, query, page[^1].Id)}>; rel=\"next\"";
        return TypedResults.Ok<IReadOnlyList<OutboxAdmin.MessageView>>(page);
    }

    /// <summary>The same request, its cursor moved past the last row of this page.</summary>
    private static string NextPage(HttpRequest request, OutboxAdmin.MessageQuery query, long lastId)
    {
        var next = query.OldestFirst ? query with { After = lastId } : query with { Before = lastId };
        KeyValuePair<string, string?>[] fields =
        [
            new("status", next.Status), new("campaign", next.Campaign), new("kind", next.Kind), new("target", next.Target),
            new("before", Text(next.Before)), new("after", Text(next.After)), new("limit", Text(next.Limit)),
        ];
        return $"{request.PathBase}{request.Path}{QueryString.Create(fields.Where(f => f.Value is not null))}";
    }

    private static string? OneOf(string? value, string field, IReadOnlyList<string> allowed, Dictionary<string, string[]> errors)
    {
        if (Given(value) is not { } given) return null;
        if (!allowed.Contains(given)) errors[field] = [$"must be one of {string.Join(", ", allowed)}"];
        return given;
    }

    private static long? Number(string? value, string field, long min, long max, Dictionary<string, string[]> errors)
    {
        if (Given(value) is not { } given) return null;
        if (long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max) return number;
        errors[field] = [max == long.MaxValue ? $"must be a message id (a whole number, at least {min})" : $"must be between {min} and {max}"];
        return null;
    }

    // An empty field (a form left blank) filters nothing, as on the dashboard.
    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
