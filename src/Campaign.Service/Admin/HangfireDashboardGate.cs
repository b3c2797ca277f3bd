using Hangfire.Dashboard;

namespace Campaign.Service.Admin;

/// <summary>Hangfire's dashboard is for admins only, by the same key or session as every admin page.</summary>
public sealed class HangfireDashboardGate : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        return http.RequestServices.GetRequiredService<AdminGate>().IsAdmin(http);
    }
}
