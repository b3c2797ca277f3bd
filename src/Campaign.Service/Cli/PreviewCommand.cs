using System.Security.Cryptography;
using Campaign.Core.Campaigns;
using Campaign.Core.Outbox;
using Campaign.Core.Sending;
using Campaign.Core.Signatures;
using Campaign.Core.Templates;
using Campaign.Service.Hosting;
using Microsoft.Extensions.Options;

namespace Campaign.Service.Cli;

/// <summary>
/// <c>preview &lt;slug&gt; [--target ID] [--lang xx]</c>: prints the exact RFC 5322 message the service would
/// send, for a sample supporter, through the same composer the dispatcher uses. Nothing is stored or sent.
/// </summary>
public static class PreviewCommand
{
    public static readonly SupporterDetails SampleSupporter = new(0, "Sample Supporter", "supporter@example.org", "KR", "en",
        "Sample comment", null);

    public static Task<int> RunAsync(CommandLine command)
    {
        var slug = command.Positional().FirstOrDefault();
        if (slug is null)
        {
            Console.Error.WriteLine("campaign: preview needs a campaign: preview <slug> [--target ID] [--lang xx]");
            return Task.FromResult(2);
        }
        var root = RepositoryRoot.Find();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(root, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(command.Settings)
            .Build();
        try
        {
            var settings = ServiceSettings.Read(configuration, root);
            var catalog = ServiceInstance.LoadCampaigns(settings.CampaignsDirectory);
            var campaign = catalog.Find(slug) ?? throw new StartupException($"no campaign '{slug}' in {settings.CampaignsDirectory}");
            var message = Preview(campaign, catalog, settings, command.Option("--target"), command.Option("--lang"));
            using var stdout = Console.OpenStandardOutput();
            message.WriteTo(stdout);
            return Task.FromResult(0);
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine($"campaign: {e.Message}");
            return Task.FromResult(1);
        }
    }

    public static MimeKit.MimeMessage Preview(CampaignDefinition campaign, CampaignCatalog catalog, ServiceSettings settings, string? targetId, string? language)
    {
        var tokens = new SupporterTokens(RandomNumberGenerator.GetBytes(32), TimeProvider.System);
        var composer = new MailComposer(catalog, new TemplateRenderer(), tokens, Options.Create(settings.Mail), Options.Create(settings.App), TimeProvider.System);
        var messageId = new MessageIdFactory(Options.Create(settings.Mail)).Next();
        if (language is not null && !campaign.Languages.Contains(language))
            throw new StartupException($"--lang: '{language}' is not one of the campaign's languages ({string.Join(", ", campaign.Languages)})");

        if (campaign.Kind == CampaignKind.Letter)
        {
            var target = targetId is null ? campaign.Targets[0]
                : campaign.FindTarget(targetId) ?? throw new StartupException($"--target: campaign '{campaign.Slug}' has no target '{targetId}'");
            var to = settings.Delivery.Mode == DeliveryMode.Live ? target.Email : settings.Delivery.SandboxAddress;
            var letter = new OutboxMessage(0, messageId, campaign.Slug, MessageKind.Letter, 0, target.Id, to, language ?? target.Language, MessageStatus.Queued, 0, DateTime.UtcNow);
            return composer.Compose(letter, SampleSupporter);
        }
        var lang = language ?? campaign.DefaultLanguage;
        var confirmation = new OutboxMessage(0, messageId, campaign.Slug, MessageKind.Confirmation, 0, null, SampleSupporter.Email, lang, MessageStatus.Queued, 0, DateTime.UtcNow);
        return composer.Compose(confirmation, SampleSupporter with { Locale = lang });
    }
}
