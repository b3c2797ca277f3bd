using Campaign.Core.Composition;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Admin;

/// <summary>
/// Admin access as ASP.NET Core sees it: one authentication scheme (the key or the session cookie) and the
/// <see cref="Policy"/> every admin endpoint group and the Hangfire dashboard require.
/// </summary>
public static class AdminAccess
{
    public const string Scheme = "AdminKey";
    public const string Policy = "Admin";
    public const string Role = "admin";

    public static IServiceCollection AddAdminAccess(this IServiceCollection services, string adminKey)
    {
        services.AddSingleton(sp => new AdminCredentials(adminKey, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<AppOptions>>().Value.IsHttps()));
        services.AddSingleton<AdminSessions>();
        // The default scheme, so every request's User says whether it comes from an admin; the Hangfire
        // dashboard, a middleware rather than an endpoint, asks the policy about that User.
        services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, AdminAuthenticationHandler>(Scheme, configureOptions: null);
        // A role, not merely "signed in": a later scheme for someone else (a webhook sender) must not open admin pages.
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireRole(Role));
        return services;
    }
}
