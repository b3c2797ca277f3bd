using Campaign.Service.Inbound;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Campaign.Tests.Receiving;

/// <summary>With no relay configured (embedded mode) and no <c>Inbound:Port</c>, the listener is on, on a free loopback port.</summary>
public sealed class EmbeddedListenerTests(EmbeddedListenerTests.EmbeddedService service) : IClassFixture<EmbeddedListenerTests.EmbeddedService>
{
    public sealed class EmbeddedService : ServiceFixture
    {
        public CapturedLog Log { get; } = new();

        protected override bool UseTestRelay => false;

        protected override IEnumerable<string> ExtraSettings => ["--Logging:LogLevel:Campaign=Information"];

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);
    }

    [Fact]
    public async Task EmbeddedMode_ListensOnLoopback_LogsThePort_AndTakesABounce()
    {
        var port = service.Service.Services.GetRequiredService<InboundSmtpListener>().Port;
        var to = service.Service.Services.GetRequiredService<Campaign.Core.Deliverability.ReturnPath>().For(9);
        var marker = InboundMail.Marker();

        Assert.NotEqual(0, port);
        Assert.Contains(service.Log.Lines, line => line.Contains($"Inbound SMTP listener for bounces and replies on 127.0.0.1:{port}", StringComparison.Ordinal));
        await using var smtp = await SmtpConversation.OpenAsync(port);
        Assert.StartsWith("250", (await smtp.DeliverAsync("", [to], InboundMail.Bounce(to, marker)))[^1], StringComparison.Ordinal);
        Assert.Single(await InboundMail.StoredAsync(service, "smtp", marker));
    }
}
