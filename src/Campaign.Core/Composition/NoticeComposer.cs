using Campaign.Core.Campaigns;
using Campaign.Core.Notices;
using Campaign.Core.Outbox;
using Campaign.Core.Templates;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Core.Composition;

/// <summary>A notice to an organizer: the campaign opened or closed, crossed a milestone, or delivered to a target.</summary>
public sealed class NoticeComposer(IOptions<MailOptions> mail)
{
    private readonly MailboxAddress from = MailboxAddress.Parse(mail.Value.From);

    public MimeMessage Compose(CampaignDefinition campaign, OutboxMessage message, NoticeFacts notice)
    {
        var title = campaign.Title.For(campaign.DefaultLanguage, campaign.DefaultLanguage);
        var targetName = notice.TargetId is { } id ? campaign.FindTarget(id)?.Name ?? id : null;
        var (subject, markdown) = NoticeTexts.For(notice, title, targetName, campaign.Goal);
        var result = MailBody.NewMessage();
        result.Subject = subject;
        result.From.Add(MailBody.Own(from));
        result.To.Add(MailboxAddress.Parse(message.AddressedTo));
        result.Body = MailBody.FromMarkdown(TemplateRenderer.PlainTextAsMarkdown(markdown), "en");
        return result;
    }
}
