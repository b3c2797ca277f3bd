using Campaign.Core.Outbox;
using Campaign.Core.Signatures;

namespace Campaign.Service.Hosting;

/// <summary>Protecting the targets (abuse resistance, point 6): identical letters collapse, and admins can cancel waiting letters.</summary>
public static class TargetProtection
{
    /// <summary>Registers <c>Abuse:IdenticalLettersLimit</c>, checked at start, and the cancellations.</summary>
    public static IServiceCollection AddTargetProtection(this IServiceCollection services)
    {
        services.AddOptions<IdenticalLetterOptions>().BindConfiguration(IdenticalLetterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LetterCancellations>();
        return services;
    }
}
