using System.Security.Cryptography;
using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Deliverability;
using Campaign.Core.Notices;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Campaign.Core.Templates;
using Campaign.Core.Updates;
using Campaign.Service.Hosting;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Cli;

/// <summary>
/// <c>preview &lt;slug&gt; [--kind K] [--notice E] [--share yes|no] [--target ID] [--lang xx]</c>: prints the
/// exact RFC 5322 message the service would send, for a sample supporter, through the same composer the
/// dispatcher uses. Nothing is stored or sent. By default it is what a target receives: a letter is printed
/// twice, as sent for a supporter who shares their name and for one who does not, each after a line saying
/// which, so an organizer sees both things a target can receive. <c>--share</c> picks one of the two, and
/// <c>--kind</c> any other message, printed alone so it can be piped to a mail tool such as
/// <c>spamassassin -t -L</c>. Each message is DKIM-signed with the service's key, as sent.
/// </summary>
public static class PreviewCommand
{
    /// <summary>A supporter who shares their name and country, and does not ask for replies.</summary>
    public static readonly SupporterDetails SampleSupporter = new(0, "Sample Supporter", "supporter@example.org", "KR", "en",
        "Sample comment", null, Share: true, Replies: false);

    /// <summary>What <c>--kind</c> accepts: every kind of message the service sends.</summary>
    public static readonly IReadOnlyList<string> Kinds = [MessageKind.Letter, MessageKind.Delivery, MessageKind.Confirmation, MessageKind.Notice, MessageKind.Update];

    /// <summary>What <c>--notice</c> accepts: every occasion on which organizers are told something.</summary>
    public static readonly IReadOnlyList<string> Notices = [NoticeEvents.Milestone, NoticeEvents.Opened, NoticeEvents.Closed, NoticeEvents.Delivery];

    /// <summary>Who a previewed notice is addressed to when the campaign names no organizer (it then sends none).</summary>
    public const string SampleOrganizer = "organizer@example.org";

    private const string Usage = "preview <slug> [--kind letter|delivery|confirmation|notice|update] [--notice milestone|opened|closed|delivery] [--share yes|no] [--target ID] [--lang xx]";

    public static Task<int> RunAsync(CommandLine command)
    {
        var slug = command.Positional().FirstOrDefault();
        if (slug is null) return Task.FromResult(Refuse($"preview needs a campaign: {Usage}"));
        var kind = command.Option("--kind");
        if (kind is not null && !Kinds.Contains(kind))
            return Task.FromResult(Refuse($"--kind: '{kind}' is not a kind of message; use one of {string.Join(", ", Kinds)}"));
        var notice = command.Option("--notice");
        if (notice is not null && !Notices.Contains(notice))
            return Task.FromResult(Refuse($"--notice: '{notice}' is not a notice; use one of {string.Join(", ", Notices)}"));
        if (notice is not null && kind is not (null or MessageKind.Notice))
            return Task.FromResult(Refuse($"--notice goes with --kind notice, not --kind {kind}"));
        var shareWord = command.Option("--share");
        if (shareWord is not (null or "yes" or "no"))
            return Task.FromResult(Refuse($"--share: '{shareWord}' is neither yes nor no"));
        if (shareWord is not null && kind is not (null or MessageKind.Letter))
            return Task.FromResult(Refuse($"--share goes with a letter, not --kind {kind}"));
        if (notice is not null) kind = MessageKind.Notice;
        try
        {
            var settings = ServiceSettings.ForCommand(command);
            var catalog = ServiceInstance.LoadCampaigns(settings.CampaignsDirectory);
            var campaign = catalog.Find(slug) ?? throw new StartupException($"no campaign '{slug}' in {settings.CampaignsDirectory}");
            kind ??= TargetKind(campaign);
            // Signed as the service signs, so a mail tool reading the preview sees the DKIM-Signature too.
            var (signer, generated) = DkimKeys.Open(settings);
            using var _ = signer;
            if (generated is not null)
                Console.Error.WriteLine($"campaign: generated a DKIM key in {generated}; `dkim` prints the DNS record to publish for it");
            using var stdout = Console.OpenStandardOutput();
            MimeKit.MimeMessage One(bool share) =>
                Preview(campaign, catalog, settings, command.Option("--target"), command.Option("--lang"), share, kind, notice ?? NoticeEvents.Milestone, signer);
            if (kind != MessageKind.Letter || shareWord is not null)
            {
                One(shareWord != "no").WriteTo(stdout);
                return Task.FromResult(0);
            }
            foreach (var (share, heading) in new[] { (true, SharedHeading), (false, AnonymousHeading) })
            {
                var message = One(share);
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
    /// By default a letter campaign previews its letter to a target, a petition its delivery to a target (with
    /// sample counts), in the target's language unless <paramref name="language"/> says otherwise. A
    /// confirmation goes to the sample supporter, a notice to the campaign's first organizer, each in the
    /// campaign's default language unless <paramref name="language"/> says otherwise (notices are English
    /// whatever the language; see <see cref="NoticeTexts"/>).
    /// </summary>
    /// <param name="share">Whether the sample supporter of a letter chose to share their name and country.</param>
    /// <param name="kind">One of <see cref="Kinds"/>; null for the campaign's letter or delivery.</param>
    /// <param name="notice">For a notice, what it is about: one of <see cref="Notices"/>. A delivery notice names the target.</param>
    /// <param name="signer">Signs the message as the dispatcher does before sending; without one it is left as composed.</param>
    public static MimeKit.MimeMessage Preview(CampaignDefinition campaign, CampaignCatalog catalog, ServiceSettings settings, string? targetId, string? language,
        bool share = true, string? kind = null, string notice = NoticeEvents.Milestone, MailSigner? signer = null)
    {
        if (language is not null && !campaign.Languages.Contains(language))
            throw new StartupException($"--lang: '{language}' is not one of the campaign's languages ({string.Join(", ", campaign.Languages)})");
        var target = targetId is null ? campaign.Targets[0]
            : campaign.FindTarget(targetId) ?? throw new StartupException($"--target: campaign '{campaign.Slug}' has no target '{targetId}'");
        kind ??= TargetKind(campaign);
        if (!Kinds.Contains(kind)) throw new StartupException($"--kind: '{kind}' is not one of {string.Join(", ", Kinds)}");
        if (MessageKind.GoesToTarget(kind) && kind != TargetKind(campaign))
            throw new StartupException($"--kind: campaign '{campaign.Slug}' sends its targets a {TargetKind(campaign)}, not a {kind}");
        if (!Notices.Contains(notice)) throw new StartupException($"--notice: '{notice}' is not one of {string.Join(", ", Notices)}");

        // An update previews the campaign's latest one, or, before it has any, the campaign's summary as one.
        if (kind == MessageKind.Update && campaign.Updates.Count == 0)
        {
            campaign = campaign with { Updates = [new CampaignUpdate("sample", campaign.Title, campaign.Summary, DateTimeOffset.UnixEpoch, "(sample)")] };
            catalog = new CampaignCatalog([.. catalog.All.Where(c => c.Slug != campaign.Slug), campaign]);
        }
        var update = campaign.Updates.MaxBy(u => u.SendAt)?.Id;
        var tokens = new SupporterTokens(RandomNumberGenerator.GetBytes(32), TimeProvider.System);
        var mail = Options.Create(settings.Mail);
        var composer = new MailComposer(catalog, new TemplateRenderer(), tokens, mail, Options.Create(settings.App),
            new SampleMailFacts(TimeProvider.System, notice, target.Id, update), new DeliveryComposer(mail), new NoticeComposer(mail), TimeProvider.System);
        var messageId = new MessageIdFactory(mail).Next();
        var message = kind switch
        {
            MessageKind.Confirmation or MessageKind.Update => new OutboxMessage(0, messageId, campaign.Slug, kind, 0, null, null,
                language ?? campaign.DefaultLanguage, MessageStatus.Queued, 0, DateTime.UtcNow),
            MessageKind.Notice => new OutboxMessage(0, messageId, campaign.Slug, kind, null, notice == NoticeEvents.Delivery ? target.Id : null,
                campaign.Organizers.Count > 0 ? campaign.Organizers[0] : SampleOrganizer, language ?? campaign.DefaultLanguage, MessageStatus.Queued, 0, DateTime.UtcNow),
            _ => new OutboxMessage(0, messageId, campaign.Slug, kind, kind == MessageKind.Letter ? 0 : null, target.Id, TargetAddress.For(target, settings.Delivery),
                language ?? target.Language, MessageStatus.Queued, 0, DateTime.UtcNow),
        };
        var supporter = kind switch
        {
            MessageKind.Letter => SampleSupporter with { Share = share },
            MessageKind.Confirmation or MessageKind.Update => SampleSupporter with { Locale = message.Language },
            _ => null,
        };
        var composed = composer.Compose(message, supporter);
        signer?.Sign(composed);
        return composed;
    }

    /// <summary>What the campaign sends its targets: a letter campaign letters, a petition deliveries.</summary>
    private static string TargetKind(CampaignDefinition campaign) => campaign.Kind == CampaignKind.Letter ? MessageKind.Letter : MessageKind.Delivery;

    private static int Refuse(string problem)
    {
        Console.Error.WriteLine($"campaign: {problem}");
        return 2;
    }
}
