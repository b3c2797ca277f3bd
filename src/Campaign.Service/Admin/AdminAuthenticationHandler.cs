using System.Security.Claims;
using System.Text.Encodings.Web;
using Campaign.Service.Abuse;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Admin;

/// <summary>
/// Who is an admin: a request with <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c>, or a browser holding the
/// session cookie of <c>/admin/login</c>. A bearer header decides alone: a wrong key is refused even when a valid
/// cookie rides along, so a script's wrong key is never hidden by the browser it happens to run in. Wrong keys are
/// counted per client (<see cref="AdminKeyGuesses"/>); a client past its limit is answered 429 whatever key it sends.
/// </summary>
public sealed class AdminAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AdminCredentials credentials, AdminSessions sessions, AdminKeyGuesses guesses) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return Bearer(authorization[BearerPrefix.Length..].Trim());
        if (Request.Cookies.TryGetValue(AdminCredentials.CookieName, out var cookie))
            return credentials.SessionOf(cookie) is { } session && await sessions.IsOpenAsync(session, Context.RequestAborted)
                ? Admin() : AuthenticateResult.Fail("expired, ended or foreign admin session");
        return AuthenticateResult.NoResult();
    }

    private AuthenticateResult Bearer(string key)
    {
        if (guesses.Refusal(Context) is { } refusal)
        {
            Context.Features.Set(refusal);
            return AuthenticateResult.Fail("too many wrong admin keys from this client");
        }
        if (credentials.KeyMatches(key)) return Admin();
        guesses.CountWrongKey(Context, "bearer");
        return AuthenticateResult.Fail("not the admin key");
    }

    /// <summary>JSON clients get a problem document, a browser a way to log in; neither gets any data. A limited client gets 429.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Features.Get<LimitRefusal>() is { } refusal) return RefusalAnswers.WriteAsync(Context, refusal);
        return (Request.Path.StartsWithSegments("/api") ? AdminApi.KeyRequired() : AdminPages.LoginRequired()).ExecuteAsync(Context);
    }

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
