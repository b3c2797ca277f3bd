using Campaign.Core.Campaigns;

namespace Campaign.Core.Updates;

/// <summary>
/// One update to a campaign's signers, from <c>campaigns/{slug}/updates/{id}.md</c>: sent once to every confirmed
/// supporter who asked for updates, from <see cref="SendAt"/> on, and shown on the campaign page from then.
/// </summary>
/// <param name="Id">The file's name without <c>.md</c>; with the campaign, it names the update for good.</param>
/// <param name="Body">Markdown, per language: the text before the first <c>&lt;!-- xx --&gt;</c> line is the campaign's default language.</param>
public sealed record CampaignUpdate(string Id, LocalizedText Title, LocalizedText Body, DateTimeOffset SendAt, string SourcePath)
{
    public bool IsDueAt(DateTimeOffset now) => SendAt <= now;
}
