using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Composition;

public sealed class AppOptions
{
    public const string Section = "App";

    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>The site is public over https (perhaps through a TLS-terminating proxy): cookies are Secure, HSTS is sent.</summary>
    public bool IsHttps() => PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
