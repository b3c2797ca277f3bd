using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Campaign.Service.Hosting;

/// <summary>
/// The one place an exception becomes an answer: a problem document with the right status, never a stack
/// trace. A bad request the framework spotted keeps its own status; a database that is down is a 503, which
/// tells clients to come back rather than that they did something wrong.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
            NpgsqlException or TimeoutException => (StatusCodes.Status503ServiceUnavailable, "The service is briefly unavailable; please try again."),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong on our side."),
        };
        if (status >= 500) LogFailure(exception.GetType().Name, RouteOf(httpContext));
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title },
        });
    }

    /// <summary>
    /// The route's pattern (<c>POST /confirm/{token}</c>), never the path itself: the path of a supporter's link
    /// carries their token. The framework has cleared the endpoint by now; the handler feature kept it.
    /// </summary>
    private static string RouteOf(HttpContext httpContext) =>
        httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint is RouteEndpoint route
            ? $"{httpContext.Request.Method} {route.RoutePattern.RawText}"
            : $"{httpContext.Request.Method} (no route)";

    // The route only (never the path, the query or the body, which may hold a token or an address), and the exception's type.
    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {Route} failed with {ExceptionType}")]
    private partial void LogFailure(string exceptionType, string route);
}
