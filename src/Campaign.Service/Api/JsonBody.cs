using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Campaign.Service.Api;

/// <summary>Reads a bounded JSON request body, answering 415, 413 or 400 with a problem document instead.</summary>
public static class JsonBody
{
    public static async Task<(JsonDocument? Body, IResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send JSON.",
                detail: "The request body must have Content-Type application/json."));
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));

        // Read at most one byte past the limit: a body without Content-Length cannot make us buffer more.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) return (null, TooLarge(maxBytes));
        }
        try
        {
            return (JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 8 }), null);
        }
        catch (JsonException e)
        {
            return (null, TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = [$"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})"] },
                title: "The request body is not valid JSON."));
        }
    }

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request is too large.",
            detail: $"The body may be at most {maxBytes / 1024} KB.");
}
