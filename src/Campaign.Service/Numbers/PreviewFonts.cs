using System.Collections.Concurrent;
using SkiaSharp;

namespace Campaign.Service.Numbers;

/// <summary>
/// The fonts the preview images are drawn with: those the pages ask for (SiteStyles), found through fontconfig.
/// Korean and Chinese need Noto Sans CJK (Debian's fonts-noto-cjk), Lao needs a Lao font (fonts-lao). A missing
/// font is not a crash: <see cref="CheckAll"/> names it at start-up, and its language's preview is drawn with
/// the fallback font (whose boxes in place of letters then show the gap).
/// </summary>
public sealed partial class PreviewFonts(ILogger<PreviewFonts> logger, IReadOnlyDictionary<string, (string[] Families, string Package)> wanted)
{
    public PreviewFonts(ILogger<PreviewFonts> logger) : this(logger, Wanted)
    {
    }

    /// <summary>Per language, the families tried in order, and the Debian package that brings the first.</summary>
    internal static readonly IReadOnlyDictionary<string, (string[] Families, string Package)> Wanted = new Dictionary<string, (string[], string)>(StringComparer.Ordinal)
    {
        ["en"] = (["Noto Sans", "DejaVu Sans"], "fonts-dejavu-core"),
        ["ko"] = (["Noto Sans CJK KR"], "fonts-noto-cjk"),
        ["zh"] = (["Noto Sans CJK SC"], "fonts-noto-cjk"),
        ["lo"] = (["Noto Sans Lao", "Phetsarath OT"], "fonts-lao"),
    };

    private readonly ConcurrentDictionary<string, SKTypeface> found = new(StringComparer.Ordinal);

    /// <summary>The bold face for <paramref name="language"/>'s text, or the fallback when none of its fonts is installed.</summary>
    public SKTypeface For(string language) => found.GetOrAdd(wanted.ContainsKey(language) ? language : "en", Find);

    /// <summary>Looks every language's font up once, logging an error naming each one missing.</summary>
    public void CheckAll()
    {
        foreach (var language in wanted.Keys) For(language);
    }

    /// <summary>The first installed family of <paramref name="families"/>, or null: fontconfig answers a near match for any name, so the name is checked.</summary>
    public static SKTypeface? Installed(IEnumerable<string> families) =>
        families.Select(f => (Family: f, Face: SKFontManager.Default.MatchFamily(f, SKFontStyle.Bold)))
            .Where(m => m.Face is not null && string.Equals(m.Face.FamilyName, m.Family, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.Face).FirstOrDefault();

    private SKTypeface Find(string language)
    {
        var (families, package) = wanted[language];
        if (Installed(families) is { } face) return face;
        FontMissing(logger, string.Join(" or ", families), language, package);
        return SKTypeface.Default;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The font {Font} is not installed: link preview images in '{Language}' show boxes instead of letters. Install the Debian package {Package}.")]
    private static partial void FontMissing(ILogger logger, string font, string language, string package);
}
