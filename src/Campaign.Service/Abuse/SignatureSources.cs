using Campaign.Core.Signatures;
using Npgsql;

namespace Campaign.Service.Abuse;

/// <summary>
/// Where a signing request came from, for <see cref="SignatureBook"/> to keep as a keyed hash, and the
/// <see cref="SurgeWatch"/> that checks it. The client is the one <c>ForwardedHeaders</c> found behind our
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

    /// <summary>Signs with the request's source, then checks it for a surge when the signature is new.</summary>
    public static async Task<SignOutcome> SignAsync(HttpContext http, SignatureBook book, Campaign.Core.Campaigns.CampaignDefinition campaign,
        SignatureRequest request, CancellationToken cancellationToken)
    {
        var source = Of(http);
        var outcome = await book.SignAsync(campaign, request, source, cancellationToken);
        if (outcome != SignOutcome.Pending) return outcome;
        try
        {
            await Watch(http.RequestServices).CheckAsync(campaign, request, source, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The signature stands either way: a surge check that fails is the dashboard's loss, not the signer's.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignatureSources))
                .LogWarning("The surge check after a signature in {Campaign} failed ({Error})", campaign.Slug, e.GetType().Name);
        }
        return outcome;
    }
}
