using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Composition;

public sealed class AppOptions
{
    public const string Section = "App";

    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
}
