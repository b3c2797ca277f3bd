namespace Campaign.Core.Campaigns;

/// <summary>
/// Which other sites may show the campaign's sign form in an <c>&lt;iframe&gt;</c> and call its public API from
/// their pages (<c>embed.allowed_origins</c>). Nobody by default: a page that frames the form could dress it up
/// as something else, so each partner is named by the organizer.
/// </summary>
/// <param name="AllowedOrigins">Normalised origins (<c>https://partner.example</c>, a port only when not the default).</param>
public sealed record EmbedPolicy(IReadOnlyList<string> AllowedOrigins)
{
    public static EmbedPolicy None { get; } = new([]);

    /// <summary>Whether the browser's <c>Origin</c> header names an allowed site (exactly: scheme, host and port).</summary>
    public bool Allows(string? origin) =>
        origin is not null && CampaignFormats.Origin(origin) is { } normal && AllowedOrigins.Contains(normal, StringComparer.Ordinal);
}
