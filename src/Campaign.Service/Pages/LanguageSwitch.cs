using static Campaign.Service.Pages.HtmlPage;

namespace Campaign.Service.Pages;

/// <summary>Links to the same page in each language offered, each named in its own language.</summary>
public static class LanguageSwitch
{
    public static string Render(string path, IReadOnlyList<string> offered, string current)
    {
        if (offered.Count < 2) return "";
        var links = offered.Select(l => l == current
            ? $"<a href=\"{E(path)}?lang={E(l)}\" lang=\"{E(l)}\" aria-current=\"true\">{E(Name(l))}</a>"
            : $"<a href=\"{E(path)}?lang={E(l)}\" lang=\"{E(l)}\" hreflang=\"{E(l)}\">{E(Name(l))}</a>");
        return $"<nav class=\"languages\" aria-label=\"{E(SupporterPageTexts.For(current).Language)}\">{string.Concat(links)}</nav>";
    }

    private static string Name(string language) =>
        SupporterPageTexts.Languages.Contains(language) ? SupporterPageTexts.For(language).LanguageName : language;
}
