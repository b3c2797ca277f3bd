using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Campaign.Core.Campaigns;
using Campaign.Core.Composition;
using Campaign.Core.Outbox;
using Campaign.Core.Signatures;
using Campaign.Core.Templates;
using Campaign.Service.Cli;
using Campaign.Service.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Sending;

/// <summary>
/// The composer lives as long as the worker; what it composes must not. A MimeKit address shared by every
/// message once kept each composed message alive, so a worker grew by 15 KB for every email it sent.
/// </summary>
public sealed class ComposedMailReleaseTests
{
    private static readonly string Root = RepositoryRoot.Find();
    private static readonly ServiceSettings Settings = ServiceSettings.Read(new ConfigurationBuilder().Build(), Root);
    private static readonly CampaignCatalog Shipped = ServiceInstance.LoadCampaigns(Path.Combine(Root, "campaigns"));

    public static TheoryData<string, string> KindsOfMail => new()
    {
        { "china-stop-forced-returns", MessageKind.Confirmation },
        { "china-stop-forced-returns", MessageKind.Delivery },
        { "laos-let-them-pass", MessageKind.Letter },
        { "un-coi-spotlight", MessageKind.Notice },
    };

    [Theory]
    [MemberData(nameof(KindsOfMail))]
    public void Compose_ManyMessages_NoneOutlivesItsSending(string campaign, string kind)
    {
        var composer = Composer();

        var composed = ComposeAndDrop(composer, Shipped.Find(campaign)!, kind, 50);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(0, composed.Count(message => message.IsAlive));
        GC.KeepAlive(composer); // the composer itself lives on, as in a worker
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> ComposeAndDrop(MailComposer composer, CampaignDefinition campaign, string kind, int count)
    {
        var supporter = new SupporterDetails(7, "Ana Kim", "ana@example.org", "KR", "en", null, null, Share: true, Replies: false);
        var target = MessageKind.GoesToTarget(kind) ? campaign.Targets[0].Id : null;
        var composed = new List<WeakReference>();
        for (var i = 0; i < count; i++)
        {
            var row = new OutboxMessage(i, $"{i}@campaign.example", campaign.Slug, kind, 7, target, "someone@example.org", "en", MessageStatus.Sending, 1, DateTime.UtcNow);
            var message = composer.Compose(row, supporter);
            message.WriteTo(Stream.Null); // as the relay would
            composed.Add(new WeakReference(message));
        }
        return composed;
    }

    private static MailComposer Composer()
    {
        var mail = Options.Create(Settings.Mail);
        return new MailComposer(Shipped, new TemplateRenderer(), new SupporterTokens(RandomNumberGenerator.GetBytes(32), TimeProvider.System), mail,
            Options.Create(Settings.App), new SampleMailFacts(TimeProvider.System), new DeliveryComposer(mail), new NoticeComposer(mail), TimeProvider.System);
    }
}
