using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Admin;

/// <summary>
/// Who is an admin: a request with <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c>, or a browser holding the
/// session cookie of <c>/admin/login</c>. A bearer header decides alone: a wrong key is refused even when a valid
/// cookie rides along, so a script's wrong key is never hidden by the browser it happens to run in.
/// </summary>
public sealed class AdminAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AdminCredentials credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(credentials.KeyMatches(authorization[BearerPrefix.Length..].Trim()) ? Admin() : AuthenticateResult.Fail("not the admin key"));
        if (Request.Cookies.TryGetValue(AdminCredentials.CookieName, out var cookie))
            return Task.FromResult(credentials.SessionValid(cookie) ? Admin() : AuthenticateResult.Fail("expired or foreign admin session"));
        return Task.FromResult(AuthenticateResult.NoResult());
    }

    /// <summary>JSON clients get a problem document, a browser a way to log in; neither gets any data.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        (Request.Path.StartsWithSegments("/api") ? AdminApi.KeyRequired() : AdminPages.LoginRequired()).ExecuteAsync(Context);

    // The same identity for key and session: antiforgery tokens are bound to it, and a page loaded with one
    // may post with the other.
    private AuthenticateResult Admin()
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "admin"), new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, AdminAccess.Role)],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
