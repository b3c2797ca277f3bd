using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace Campaign.Tests.Infrastructure;

/// <summary>The links in a supporter's email, followed as the supporter would.</summary>
public static partial class SupporterLinks
{
    public static string ConfirmTokenIn(MimeMessage mail) => ConfirmToken().Match(mail.TextBody ?? "").Groups[1].Value;

    public static string EraseTokenIn(MimeMessage mail) => EraseToken().Match(mail.TextBody ?? "").Groups[1].Value;

    /// <summary>Opens the erase page as a browser would (it sets the form's antiforgery cookie), then presses the button.</summary>
    public static async Task<(HttpStatusCode Status, string Html)> EraseByLinkAsync(this ServiceFixture service, string token, bool neverEmailAgain = false)
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = service.BaseAddress };
        var page = await browser.GetStringAsync($"/erase/{token}");
        var fields = new Dictionary<string, string> { ["__af"] = FormToken().Match(page).Groups[1].Value };
        if (neverEmailAgain) fields["never"] = "true";
        var response = await browser.PostAsync($"/erase/{token}", new FormUrlEncodedContent(fields));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"/confirm/([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmToken();

    [GeneratedRegex(@"/erase/([A-Za-z0-9_-]+)")]
    private static partial Regex EraseToken();

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
