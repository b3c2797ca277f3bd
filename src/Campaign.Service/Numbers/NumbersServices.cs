using Campaign.Core.Signatures;

namespace Campaign.Service.Numbers;

/// <summary>
/// The campaign's numbers and what carries it beyond the site (issue 17, points 3 to 5): the public timeline,
/// link preview images and the poster QR code.
/// </summary>
public static class NumbersServices
{
    /// <param name="servesHttp">Only a process that serves the pages draws previews, so only it checks their fonts.</param>
    public static IServiceCollection AddCampaignNumbers(this IServiceCollection services, bool servesHttp)
    {
        services.AddSingleton<ConfirmedTimeline>();
        services.AddSingleton<PublicNumbers>();
        services.AddSingleton(sp => new PreviewFonts(sp.GetRequiredService<ILogger<PreviewFonts>>()));
        services.AddSingleton<PreviewImages>();
        services.AddSingleton<CampaignQrCode>();
        if (servesHttp) services.AddHostedService<PreviewFontCheck>();
        return services;
    }

    public static IEndpointRouteBuilder MapCampaignNumbers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/campaigns/{slug}/timeline", TimelineEndpoint.GetAsync).WithTags("Public API");
        app.MapGet("/c/{slug}/preview.png", PreviewImages.GetAsync);
        app.MapGet("/c/{slug}/qr.svg", CampaignQrCode.Get);
        return app;
    }
}
