using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Service.Cli;
using Campaign.Service.Hosting;
using MimeKit;

namespace Campaign.Tests.Deliverability;

/// <summary>One message a shipped campaign sends, composed as the <c>preview</c> verb composes it.</summary>
/// <param name="Variant">What tells it from the campaign's other messages of its kind: the target, share, the notice's occasion.</param>
/// <param name="Preview">The <c>preview</c> words that print it, for an organizer who wants to look at it.</param>
public sealed record ShippedMessage(string Campaign, string Kind, string Variant, string Language, string Preview, MimeMessage Message);

/// <summary>Every message the shipped campaigns send: every kind, every language, every target.</summary>
public static class ShippedMail
{
    public static IEnumerable<ShippedMessage> All(CampaignCatalog shipped, ServiceSettings settings)
    {
        foreach (var campaign in shipped.All)
        {
            foreach (var language in campaign.Languages)
            {
                ShippedMessage Make(string kind, string variant, string words, string? target, bool share = true, string notice = "milestone") =>
                    new(campaign.Slug, kind, variant, language, $"preview {campaign.Slug} {words} --lang {language}",
                        PreviewCommand.Preview(campaign, shipped, settings, target, language, share, kind, notice));

                foreach (var target in campaign.Targets)
                {
                    if (campaign.Kind == CampaignKind.Letter)
                    {
                        yield return Make(MessageKind.Letter, $"to {target.Id}, shared", $"--share yes --target {target.Id}", target.Id);
                        yield return Make(MessageKind.Letter, $"to {target.Id}, anonymous", $"--share no --target {target.Id}", target.Id, share: false);
                    }
                    else
                    {
                        yield return Make(MessageKind.Delivery, $"to {target.Id}", $"--target {target.Id}", target.Id);
                    }
                }
                yield return Make(MessageKind.Confirmation, "to the sample supporter", "--kind confirmation", null);
                yield return Make(MessageKind.Update, "to the sample supporter", "--kind update", null);
                foreach (var notice in PreviewCommand.Notices)
                    yield return Make(MessageKind.Notice, $"about {notice}", $"--notice {notice}", null, notice: notice);
            }
        }
    }
}
