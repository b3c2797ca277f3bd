using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Service.Api;

/// <summary>Signing and confirming are limited per client address, answering 429 with a problem document.</summary>
public static class RateLimits
{
    public const string Signing = "signing";

    public static IServiceCollection AddSigningRateLimit(this IServiceCollection services, int perMinute)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
                    detail: "Please wait a minute and try again.").ExecuteAsync(context.HttpContext);
            };
            options.AddPolicy(Signing, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }
}
