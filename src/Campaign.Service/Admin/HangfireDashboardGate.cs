using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;

namespace Campaign.Service.Admin;

/// <summary>Hangfire's dashboard is for admins only: it asks the same <see cref="AdminAccess.Policy"/> as every admin page.</summary>
public sealed class HangfireDashboardGate : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        // Hangfire's filter is synchronous. UseAuthentication has already read the key or the session into User,
        // and the policy's role check completes at once, so nothing waits here.
        return authorization.AuthorizeAsync(http.User, AdminAccess.Policy).GetAwaiter().GetResult().Succeeded;
    }
}
