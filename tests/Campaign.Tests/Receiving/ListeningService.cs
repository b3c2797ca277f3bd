using Campaign.Core.Deliverability;
using Campaign.Core.Outbox;
using Campaign.Service.Embedded;
using Campaign.Service.Inbound;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Receiving;

/// <summary>A service with its inbound SMTP listener on a loopback port, a small size limit and every log line kept.</summary>
public class ListeningService : ServiceFixture
{
    public const int MaxMessageBytes = 64 * 1024;

    private readonly int inboundPort = LoopbackPort.FindFree();

    public CapturedLog Log { get; } = new();

    public int InboundPort => Service.Services.GetRequiredService<InboundSmtpListener>().Port;

    /// <summary>A bounce address the service made for one of its messages.</summary>
    public string BounceAddress(long messageId) => Service.Services.GetRequiredService<ReturnPath>().For(messageId);

    public string BounceDomain => Service.Services.GetRequiredService<ReturnPath>().Domain;

    public string ReplyAddress => Service.Services.GetRequiredService<IOptions<MailOptions>>().Value.CampaignReplyTo().Address;

    protected virtual int MessagesPerMinute => 100_000;

    protected override IEnumerable<string> ExtraSettings =>
    [
        $"--Inbound:Port={inboundPort}", "--Inbound:Address=127.0.0.1", $"--Inbound:MaxMessageBytes={MaxMessageBytes}",
        $"--Inbound:MessagesPerMinutePerClient={MessagesPerMinute}", "--Logging:LogLevel:Campaign=Debug",
    ];

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);
}
