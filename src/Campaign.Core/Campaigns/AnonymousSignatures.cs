namespace Campaign.Core.Campaigns;

/// <summary>
/// How a letter is signed when the supporter keeps their name to themselves and the campaign file says
/// nothing else (<c>letter.anonymous_signature</c>). A language we have no words for reads the English.
/// </summary>
public static class AnonymousSignatures
{
    public const string English = "A supporter of this campaign";

    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal)
    {
        ["en"] = English,
        ["ko"] = "이 캠페인의 한 지지자",
        ["zh"] = "本次行动的一位支持者",
        ["lo"] = "ຜູ້ສະໜັບສະໜູນແຄມເປນນີ້ຄົນໜຶ່ງ",
    };

    /// <summary>The default signature in each of <paramref name="languages"/>.</summary>
    public static LocalizedText For(IEnumerable<string> languages) =>
        new(languages.ToDictionary(l => l, l => Defaults.GetValueOrDefault(l, English), StringComparer.Ordinal));
}
