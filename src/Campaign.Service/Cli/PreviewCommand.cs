using System.Security.Cryptography;
using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Campaign.Core.Templates;
using Campaign.Service.Hosting;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Cli;

/// <summary>
/// <c>preview &lt;slug&gt; [--target ID] [--lang xx]</c>: prints the exact RFC 5322 message the service would
/// send, for a sample supporter, through the same composer the dispatcher uses. Nothing is stored or sent.
/// A letter is printed twice, as sent for a supporter who shares their name and for one who does not, each
/// after a line saying which, so an organizer sees both things a target can receive.
/// </summary>
public static class PreviewCommand
{
    /// <summary>A supporter who shares their name and country, and does not ask for replies.</summary>
    public static readonly SupporterDetails SampleSupporter = new(0, "Sample Supporter", "supporter@example.org", "KR", "en",
        "Sample comment", null, Share: true, Replies: false);

    public static Task<int> RunAsync(CommandLine command)
    {
        var slug = command.Positional().FirstOrDefault();
        if (slug is null)
        {
            Console.Error.WriteLine("campaign: preview needs a campaign: preview <slug> [--target ID] [--lang xx]");
            return Task.FromResult(2);
        }
        try
        {
            var settings = ServiceSettings.ForCommand(command);
            var catalog = ServiceInstance.LoadCampaigns(settings.CampaignsDirectory);
            var campaign = catalog.Find(slug) ?? throw new StartupException($"no campaign '{slug}' in {settings.CampaignsDirectory}");
            using var stdout = Console.OpenStandardOutput();
            if (campaign.Kind != CampaignKind.Letter)
            {
                Preview(campaign, catalog, settings, command.Option("--target"), command.Option("--lang")).WriteTo(stdout);
                return Task.FromResult(0);
            }
            foreach (var (share, heading) in new[] { (true, SharedHeading), (false, AnonymousHeading) })
            {
                var message = Preview(campaign, catalog, settings, command.Option("--target"), command.Option("--lang"), share);
                stdout.Write(System.Text.Encoding.UTF8.GetBytes(heading + "\n"));
                message.WriteTo(stdout);
                stdout.Write("\n"u8);
            }
            return Task.FromResult(0);
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine($"campaign: {e.Message}");
            return Task.FromResult(1);
        }
    }

    public const string SharedHeading = "==== the letter as sent when the supporter chose share (their name and country) ====";
    public const string AnonymousHeading = "==== the letter as sent when the supporter did not choose share (the default) ====";

    /// <summary>
    /// A letter campaign previews its letter to a target, a petition its delivery to a target (with sample
    /// counts), in the target's language unless <paramref name="language"/> says otherwise.
    /// </summary>
    /// <param name="share">Whether the sample supporter of a letter chose to share their name and country.</param>
    public static MimeKit.MimeMessage Preview(CampaignDefinition campaign, CampaignCatalog catalog, ServiceSettings settings, string? targetId, string? language,
        bool share = true)
    {
        var tokens = new SupporterTokens(RandomNumberGenerator.GetBytes(32), TimeProvider.System);
        var mail = Options.Create(settings.Mail);
        var composer = new MailComposer(catalog, new TemplateRenderer(), tokens, mail, Options.Create(settings.App),
            new SampleMailFacts(TimeProvider.System), new DeliveryComposer(mail), new NoticeComposer(mail), TimeProvider.System);
        var messageId = new MessageIdFactory(mail).Next();
        if (language is not null && !campaign.Languages.Contains(language))
            throw new StartupException($"--lang: '{language}' is not one of the campaign's languages ({string.Join(", ", campaign.Languages)})");

        var target = targetId is null ? campaign.Targets[0]
            : campaign.FindTarget(targetId) ?? throw new StartupException($"--target: campaign '{campaign.Slug}' has no target '{targetId}'");
        var kind = campaign.Kind == CampaignKind.Letter ? MessageKind.Letter : MessageKind.Delivery;
        var to = TargetAddress.For(target, settings.Delivery);
        var message = new OutboxMessage(0, messageId, campaign.Slug, kind, kind == MessageKind.Letter ? 0 : null, target.Id, to,
            language ?? target.Language, MessageStatus.Queued, 0, DateTime.UtcNow);
        return composer.Compose(message, kind == MessageKind.Letter ? SampleSupporter with { Share = share } : null);
    }
}
