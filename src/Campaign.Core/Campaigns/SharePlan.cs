namespace Campaign.Core.Campaigns;

/// <summary>
/// How supporters pass the campaign on (<c>share:</c> in the campaign file): the text the share links carry,
/// and the <c>?ref=</c> code each link carries so the organizer sees, in aggregate, which channel brought signers.
/// </summary>
/// <param name="Text">The message a supporter sends along with the link; null: the campaign's title.</param>
/// <param name="Codes">The code of every channel in <see cref="Channels"/>, the organizer's or the channel's own name.</param>
/// <param name="OtherCodes">Codes the organizer hands out elsewhere (posters, a partner's newsletter).</param>
public sealed record SharePlan(LocalizedText? Text, IReadOnlyDictionary<string, string> Codes, IReadOnlyList<string> OtherCodes)
{
    /// <summary>
    /// The channels with a code: the share links, the browser's own share sheet (<c>native</c>) and the
    /// embedded form (<c>embed</c>), whose signers are counted under its code when its URL names none.
    /// </summary>
    public static readonly IReadOnlyList<string> Channels = ["email", "whatsapp", "telegram", "line", "x", "facebook", "native", "embed"];

    public static SharePlan Default { get; } = new(null, Channels.ToDictionary(c => c, c => c, StringComparer.Ordinal), []);

    public string CodeFor(string channel) => Codes.TryGetValue(channel, out var code) ? code : channel;

    /// <summary>Whether a visitor's <c>?ref=</c> is one of this campaign's codes; any other is ignored, not counted.</summary>
    public bool IsCode(string? code) =>
        code is not null && (Codes.Values.Contains(code, StringComparer.Ordinal) || OtherCodes.Contains(code, StringComparer.Ordinal));

    /// <summary>Every code, for the admin page's list of sources (those with no signers yet included).</summary>
    public IEnumerable<string> AllCodes => Channels.Select(CodeFor).Concat(OtherCodes);
}
