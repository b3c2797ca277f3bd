using System.Globalization;
using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Campaign.Core.Templates;
using Campaign.Core.Updates;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Core.Composition;

/// <summary>
/// An update to one supporter, in their language where the update has it. Bulk mail by the mailbox providers'
/// rules: RFC 8058 one-click unsubscribe (which stops updates only; the signature stands), a List-Id, and the
/// supporter's address alone in To.
/// </summary>
public sealed class UpdateComposer(SupporterTokens tokens, IOptions<MailOptions> mail, IOptions<AppOptions> app)
{
    private readonly MailboxAddress from = MailboxAddress.Parse(mail.Value.From);
    private readonly string baseUrl = app.Value.PublicBaseUrl.TrimEnd('/');

    public MimeMessage Compose(CampaignDefinition campaign, CampaignUpdate update, OutboxMessage message, SupporterDetails supporter)
    {
        var language = message.Language;
        var stopUrl = $"{baseUrl}/updates/stop/{tokens.Issue(TokenPurpose.StopUpdates, supporter.Id)}";
        var eraseUrl = $"{baseUrl}/erase/{tokens.Issue(TokenPurpose.Erase, supporter.Id)}";
        var words = SupporterMailTexts.UpdateIn(language);
        var campaignTitle = campaign.Title.For(language, campaign.DefaultLanguage);
        var markdown = $"""
            {update.Body.For(language, campaign.DefaultLanguage)}

            ---

            {TemplateRenderer.PlainTextAsMarkdown(string.Format(CultureInfo.InvariantCulture, words.Why, campaignTitle))}

            [{words.Stop}]({stopUrl}) · [{words.Erase}]({eraseUrl})
            """;

        var result = MailBody.NewMessage();
        result.Subject = update.Title.For(language, campaign.DefaultLanguage).ReplaceLineEndings(" ").Trim();
        result.From.Add(new MailboxAddress(campaignTitle, from.Address));
        result.To.Add(new MailboxAddress("", supporter.Email));
        result.Headers.Add("List-Id", $"<{campaign.Slug}.updates.{from.Domain}>");
        result.Headers.Add("List-Unsubscribe", $"<{stopUrl}>");
        result.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        result.Body = MailBody.FromMarkdown(markdown, language);
        return result;
    }
}
