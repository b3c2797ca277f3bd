using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Campaign.Service.Pages;

/// <summary>Picks a page's language and gives our words in it.</summary>
public static partial class SupporterPageTexts
{
    public const string DefaultLanguage = "en";

    // Lazy: the languages live in other files of this partial class, whose initializers run in no set order.
    private static readonly Lazy<Dictionary<string, PageWords>> ByLanguage = new(() => new(StringComparer.Ordinal)
    {
        ["en"] = English,
        ["ko"] = Korean,
        ["zh"] = Chinese,
        ["lo"] = Lao,
    });

    public static IReadOnlyCollection<string> Languages => ByLanguage.Value.Keys;

    /// <summary>Our words in <paramref name="language"/>, or in English for a language we have no words for.</summary>
    public static PageWords For(string language) => ByLanguage.Value.GetValueOrDefault(language) ?? English;

    /// <summary>
    /// <c>?lang=</c> if it is one of <paramref name="offered"/>, else the best of <c>Accept-Language</c> by its
    /// q-values, else the first offered language.
    /// </summary>
    public static string Pick(HttpRequest request, IReadOnlyList<string> offered)
    {
        var wanted = request.Query["lang"].ToString();
        if (Primary(wanted) is { } asked && offered.Contains(asked)) return asked;
        if (StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var accepted))
        {
            foreach (var value in accepted.OrderByDescending(a => a.Quality ?? 1.0))
            {
                if (value.Quality == 0) continue;
                if (Primary(value.Value.ToString()) is { } primary && offered.Contains(primary)) return primary;
            }
        }
        return offered.Count > 0 ? offered[0] : DefaultLanguage;
    }

    /// <summary>For pages that belong to no campaign: every language we have words for, English first.</summary>
    public static (string Language, PageWords Words) For(HttpRequest request)
    {
        var language = Pick(request, [.. Languages]);
        return (language, For(language));
    }

    public static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);

    private static string? Primary(string? tag) =>
        string.IsNullOrWhiteSpace(tag) ? null : tag.Split('-', '_')[0].Trim().ToLowerInvariant();
}
