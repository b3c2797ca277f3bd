using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Campaign.Service.Api;

/// <summary>
/// Answers that browsers and shared caches may keep for a moment and revalidate cheaply (issue 14, point 2):
/// public counts change at most once a second, so a reader's cache can hold them that long and ask again with
/// <c>If-None-Match</c>, getting a bodiless <c>304</c> while the count stands still.
/// </summary>
/// <remarks>
/// The ETag is a hash of the very bytes sent, so it changes exactly when the answer does — with the count, the
/// language, or the campaign's words — and no version number can be forgotten.
/// </remarks>
public static class ConditionalAnswer
{
    /// <summary>
    /// Public counts: fresh for a second, the pace they are recounted at; past that a cache may still hand out
    /// what it has while it revalidates in the background, so a surge of readers is not a surge of requests.
    /// </summary>
    public const string PublicCounts = "public, max-age=1, stale-while-revalidate=30";

    /// <summary><paramref name="value"/> as the JSON <c>TypedResults.Ok</c> would send, or a <c>304</c> if the reader has it.</summary>
    public static IResult Json<T>(HttpContext http, T value, string cacheControl, bool variesByLanguage = false)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        return Bytes(http, JsonSerializer.SerializeToUtf8Bytes(value, options), "application/json; charset=utf-8", cacheControl, variesByLanguage);
    }

    /// <param name="variesByLanguage">The answer's language comes from <c>Accept-Language</c> when the URL does not name one.</param>
    public static IResult Bytes(HttpContext http, byte[] body, string contentType, string cacheControl, bool variesByLanguage = false)
    {
        var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"");
        var headers = http.Response.Headers;
        headers.ETag = tag.ToString();
        headers.CacheControl = cacheControl;
        if (variesByLanguage) headers.Vary = "Accept-Language";
        return Holds(http.Request, tag) ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(body, contentType);
    }

    /// <summary>Whether the reader's <c>If-None-Match</c> names this answer (weak comparison, as RFC 9110 §13.1.2 asks for GET).</summary>
    private static bool Holds(HttpRequest request, EntityTagHeaderValue tag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var held)
        && held.Any(h => h.Equals(EntityTagHeaderValue.Any) || h.Compare(tag, useStrongComparison: false));
}
