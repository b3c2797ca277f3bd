using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Service.Pages;
using Microsoft.AspNetCore.RateLimiting;
using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Abuse;

/// <summary>
/// What a refused request is told: <c>429</c> (a client's or its network's limit) or <c>503</c> (the service is busy
/// signing), always with <c>Retry-After</c> in seconds. The API gets a problem document whose title names the limit
/// and whose <c>limit</c> names its setting; the pages a short page in the page's language.
/// </summary>
public static class RefusalAnswers
{
    public static ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        // Only AbuseLimiter limits requests; anything else refusing is a bug best answered as busy, not as a crash.
        var refusal = (context.Lease as AbuseLease)?.Refusal
            ?? new LimitRefusal(LimitedAction.Signing, LimitScope.Everyone, "Concurrent", 0, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        return new ValueTask(WriteAsync(context.HttpContext, refusal));
    }

    /// <summary>The refusal as an endpoint's result.</summary>
    public static IResult Answer(LimitRefusal refusal) => new RefusalResult(refusal);

    public static Task WriteAsync(HttpContext http, LimitRefusal refusal)
    {
        http.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        // Refused inside a partner's frame, the supporter must still read why, there.
        EmbedPages.AllowFramingOfRouted(http);
        var answer = http.Request.Path.StartsWithSegments("/api") ? Problem(refusal) : Page(http, refusal);
        return answer.ExecuteAsync(http);
    }

    private static IResult Problem(LimitRefusal refusal)
    {
        var extensions = new Dictionary<string, object?> { ["limit"] = refusal.SettingKey, ["retryAfter"] = refusal.RetryAfterSeconds };
        if (refusal.Window == LimitRefusal.Unrecorded)
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The signature could not be recorded.",
                detail: $"Nothing of it was kept; try again in {refusal.RetryAfterSeconds} seconds.", extensions: new Dictionary<string, object?> { ["retryAfter"] = refusal.RetryAfterSeconds });
        if (refusal.Shed)
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The signing load limit is reached.",
                detail: $"The service is busy with other signatures; try again in {refusal.RetryAfterSeconds} seconds.", extensions: extensions);
        var who = refusal.Scope == LimitScope.Client ? "one address (an IPv4 address or an IPv6 /64)" : "one network (an IPv4 /24 or an IPv6 /48)";
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: $"The {Name(refusal.Action)} limit is reached.",
            detail: $"At most {refusal.Permits} {Name(refusal.Action)} requests per {Describe(refusal.Per)} come from {who}; try again in {refusal.RetryAfterSeconds} seconds.",
            extensions: extensions);
    }

    private static IResult Page(HttpContext http, LimitRefusal refusal)
    {
        var language = PageLanguage(http);
        var texts = LimitPageTexts.For(language);
        var message = string.Format(CultureInfo.InvariantCulture, refusal.Shed ? texts.Busy : texts.TooMany, texts.Duration(refusal.RetryAfterSeconds));
        var home = SupporterPageTexts.For(language).OpenCampaigns;
        return Render(language, texts.Title, $"""
            <h1>{E(texts.Title)}</h1>
            <p class="alert" role="alert">{E(message)}</p>
            <p><a href="/?lang={E(language)}">{E(home)}</a></p>
            """, refusal.Shed ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests);
    }

    /// <summary>As the refused page would have chosen: the campaign's languages on its own page, English for admins.</summary>
    private static string PageLanguage(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/admin")) return SupporterPageTexts.DefaultLanguage;
        if (http.Request.RouteValues["slug"] is string slug && http.RequestServices.GetService<CampaignCatalog>()?.Find(slug) is { } campaign)
            return SupporterPageTexts.Pick(http.Request, campaign.Languages);
        return SupporterPageTexts.For(http.Request).Language;
    }

    private static string Name(LimitedAction action) => action switch
    {
        LimitedAction.Signing => "signing",
        LimitedAction.Confirming => "confirming",
        LimitedAction.Erasure => "erasure",
        _ => "admin key",
    };

    private static string Describe(TimeSpan window) =>
        window.TotalHours >= 1 && window.TotalHours % 1 == 0 ? $"{window.TotalHours:0} h"
        : window.TotalMinutes >= 1 && window.TotalMinutes % 1 == 0 ? $"{window.TotalMinutes:0} min"
        : $"{window.TotalSeconds:0.#} s";

    private sealed class RefusalResult(LimitRefusal refusal) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, refusal);
    }
}
