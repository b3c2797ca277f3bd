using Campaign.Core.Relay;
using Campaign.Service.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Tests.Abuse;

/// <summary>
/// With Smtp:Username set, the relay login goes only over an encrypted connection: a relay offering no TLS
/// (STARTTLS stripped) hears no AUTH and no password, and a plain-text setting stops the service at start.
/// </summary>
public sealed class RelayTransportTests : IAsyncDisposable
{
    private const string Password = "relay-password-never-in-clear";
    private readonly PlainLoginRelay relay = PlainLoginRelay.Start();

    [Theory]
    [InlineData(SmtpSecurity.Auto)]
    [InlineData(SmtpSecurity.StartTls)]
    public async Task Send_LoginToARelayWithoutStartTls_SendsNoAuthAndNamesTheReason(SmtpSecurity security)
    {
        await using var smtp = new SmtpRelay(Options.Create(new SmtpOptions
        {
            Host = "127.0.0.1", Port = relay.Port, Security = security, Username = "campaign", Password = Password,
        }));

        var result = await smtp.SendAsync(Message(), new MailboxAddress("", "campaign@campaign.example"), [new MailboxAddress("", "ana@example.org")], CancellationToken.None);

        Assert.Equal(SendVerdict.ConfigurationFault, result.Verdict);
        Assert.Contains("Smtp:Username", result.Error, StringComparison.Ordinal);
        Assert.Contains("Smtp:Security", result.Error, StringComparison.Ordinal);
        Assert.Contains(relay.Commands, c => c.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(relay.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Send_WithoutLoginOverAuto_StillSendsInTheClear()
    {
        await using var smtp = new SmtpRelay(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = relay.Port, Security = SmtpSecurity.Auto }));

        var result = await smtp.SendAsync(Message(), new MailboxAddress("", "campaign@campaign.example"), [new MailboxAddress("", "ana@example.org")], CancellationToken.None);

        Assert.Equal(SendVerdict.Sent, result.Verdict);
        Assert.DoesNotContain(relay.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Read_SecurityNoneWithUsername_StopsTheStartNamingBothSettings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "relay.example", ["Smtp:Security"] = "None", ["Smtp:Username"] = "campaign", ["Smtp:Password"] = Password,
        }).Build();

        var error = Assert.Throws<StartupException>(() => ServiceSettings.Read(configuration, "/tmp"));

        Assert.StartsWith("Smtp:Security:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Smtp:Username", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SmtpSecurity.Auto, 587, SmtpSecurity.StartTls)]
    [InlineData(SmtpSecurity.Auto, 465, SmtpSecurity.SslOnConnect)]
    [InlineData(SmtpSecurity.SslOnConnect, 587, SmtpSecurity.SslOnConnect)]
    public void Required_WithLogin_IsNeverOpportunistic(SmtpSecurity configured, int port, SmtpSecurity used) =>
        Assert.Equal(used, new SmtpOptions { Security = configured, Port = port, Username = "campaign" }.Required);

    private static MimeMessage Message()
    {
        var message = new MimeMessage { Subject = "Please confirm" };
        message.From.Add(new MailboxAddress("", "campaign@campaign.example"));
        message.To.Add(new MailboxAddress("", "ana@example.org"));
        message.Body = new TextPart("plain") { Text = "hello" };
        return message;
    }

    public ValueTask DisposeAsync() => relay.DisposeAsync();
}
