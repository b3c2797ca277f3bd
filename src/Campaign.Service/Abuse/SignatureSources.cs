using Campaign.Core.Campaigns;
using Campaign.Core.Signatures;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Abuse;

/// <summary>
/// Where a signing request came from, for <see cref="SignatureBook"/> to keep as a keyed hash, and the
/// <see cref="SurgeWatch"/> that checks it; signing through the <see cref="SignatureWriter"/>. The client is the one <c>ForwardedHeaders</c> found behind our
/// known proxies, so a forged <c>X-Forwarded-For</c> from anyone else names no network.
/// </summary>
public static class SignatureSources
{
    public static SignatureSource Of(HttpContext http)
    {
        var keys = ClientKeys.Of(http.Connection.RemoteIpAddress);
        return keys == ClientKeys.Unknown ? SignatureSource.Unknown : new SignatureSource(keys.Network);
    }

    /// <summary>Registers the watch with <c>Abuse:SurgeAlertPerHour</c> and <c>Abuse:SurgeCountryAlertPerHour</c>, checked at start.</summary>
    public static IServiceCollection AddSurgeWatch(this IServiceCollection services)
    {
        services.AddOptions<SurgeOptions>().BindConfiguration(SurgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SurgeWatch>();
        return services;
    }

    public static SurgeWatch Watch(IServiceProvider services) => services.GetRequiredService<SurgeWatch>();

    /// <summary>Registers the group-commit writer with <c>Signing:*</c>, checked at start.</summary>
    /// <param name="servesHttp">Only a process that takes signatures runs the writer; a worker's would wait for ever on an empty queue.</param>
    public static IServiceCollection AddSignatureWriter(this IServiceCollection services, bool servesHttp)
    {
        services.AddOptions<SigningOptions>().BindConfiguration(SigningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignatureWriter>();
        if (servesHttp) services.AddHostedService(sp => sp.GetRequiredService<SignatureWriter>());
        return services;
    }

    /// <summary>
    /// Signs with the request's source through the writer (which also checks the source for a surge); null when the
    /// signature is taken, else the <c>503</c> to answer: the queue was full, or the database refused.
    /// </summary>
    /// <param name="shareRef">The campaign's share code the signer came with, counted in aggregate only.</param>
    public static async Task<IResult?> SignAsync(HttpContext http, SignatureWriter writer, CampaignDefinition campaign, SignatureRequest request, string? shareRef = null)
    {
        var settings = http.RequestServices.GetRequiredService<IOptions<SigningOptions>>().Value;
        try
        {
            await writer.SignAsync(new Signing(campaign, request, Of(http), shareRef));
            return null;
        }
        catch (SigningQueueFullException)
        {
            return RefusalAnswers.Answer(new LimitRefusal(LimitedAction.Signing, LimitScope.Everyone, "Queue", settings.QueueLimit, TimeSpan.Zero,
                settings.RetryAfter, $"{SigningOptions.Section}:{nameof(SigningOptions.QueueLimit)}"));
        }
        catch (SigningFailedException)
        {
            return RefusalAnswers.Answer(new LimitRefusal(LimitedAction.Signing, LimitScope.Everyone, LimitRefusal.Unrecorded, 0, TimeSpan.Zero,
                settings.RetryAfter, SigningOptions.Section));
        }
    }
}
