using System.Collections.Concurrent;
using System.Globalization;
using Campaign.Core.Campaigns;

namespace Campaign.Service.Pages;

/// <summary>
/// The country list of the sign form, named in the page's language where ICU knows the names. The value
/// sent is always the ISO 3166-1 alpha-2 code the API expects.
/// </summary>
public static class CountryChoices
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<(string Code, string Name)>> ByLanguage = new(StringComparer.Ordinal);

    public static IReadOnlyList<(string Code, string Name)> For(string language) => ByLanguage.GetOrAdd(language, Build);

    private static IReadOnlyList<(string Code, string Name)> Build(string language)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            // RegionInfo.DisplayName follows the UI culture; set it only while the list is built.
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            var culture = CultureInfo.GetCultureInfo(language);
            return CultureInfo.GetCultures(CultureTypes.SpecificCultures)
                .Select(c => new RegionInfo(c.Name))
                .Where(r => Campaign.Core.Campaigns.CountryCodes.IsAssigned(r.TwoLetterISORegionName))
                .DistinctBy(r => r.TwoLetterISORegionName)
                .Select(r => (r.TwoLetterISORegionName, r.DisplayName))
                .OrderBy(r => r.DisplayName, StringComparer.Create(culture, ignoreCase: true))
                .ToList();
        }
        catch (CultureNotFoundException)
        {
            return [];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
