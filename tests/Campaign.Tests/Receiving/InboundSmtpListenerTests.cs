using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Receiving;

/// <summary>
/// The listener as a remote mail server meets it: bounces and replies for our addresses are taken and kept,
/// everything else is refused before any text is sent, and nothing is acknowledged that was not stored.
/// </summary>
public sealed class InboundSmtpListenerTests(ListeningService service) : IClassFixture<ListeningService>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Bounce_ToOurReturnPath_IsAcceptedAndKeptAsItCame()
    {
        var marker = InboundMail.Marker();
        var to = service.BounceAddress(4242);
        var bounce = InboundMail.Bounce(to, marker);

        await using var smtp = await SmtpConversation.OpenAsync(service.InboundPort);
        var replies = await smtp.DeliverAsync("", [to], bounce);

        Assert.Collection(replies,
            mail => Assert.StartsWith("250", mail, StringComparison.Ordinal),
            rcpt => Assert.StartsWith("250", rcpt, StringComparison.Ordinal),
            data => Assert.StartsWith("354", data, StringComparison.Ordinal),
            stored => Assert.StartsWith("250", stored, StringComparison.Ordinal));
        var kept = Assert.Single(await InboundMail.StoredAsync(service, "smtp", marker));
        Assert.Equal(System.Text.Encoding.ASCII.GetString(bounce), kept);
    }

    [Fact]
    public async Task Reply_ToTheCampaignAddress_IsAccepted()
    {
        var marker = InboundMail.Marker();
        await using var smtp = await SmtpConversation.OpenAsync(service.InboundPort);
        var replies = await smtp.DeliverAsync("supporter@mail.example", [service.ReplyAddress], InboundMail.Unrelated(marker));

        Assert.StartsWith("250", replies[^1], StringComparison.Ordinal);
        Assert.Single(await InboundMail.StoredAsync(service, "smtp", marker));
    }

    [Fact]
    public async Task Relay_ToAnOutsideDomain_IsRefused550AtRcpt()
    {
        var marker = InboundMail.Marker();
        const string outside = "minister.relaytest@outside.example";
        await using var smtp = await SmtpConversation.OpenAsync(service.InboundPort);

        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<spammer@outside.example>"), StringComparison.Ordinal);
        Assert.StartsWith("550 5.7.1", await smtp.SendAsync($"RCPT TO:<{outside}>"), StringComparison.Ordinal);
        // Nothing to send it to: the message text is never asked for.
        Assert.StartsWith("5", await smtp.SendAsync("DATA"), StringComparison.Ordinal);

        Assert.Empty(await InboundMail.StoredAsync(service, "smtp", marker));
        Assert.DoesNotContain(service.Log.Lines, line => line.Contains(outside, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ForgedBounceAddress_IsRefused550AtRcpt_AsIsAnyOtherAddressInOurDomain()
    {
        var real = service.BounceAddress(4243);
        var tampered = real[..8] + (real[8] == 'a' ? 'b' : 'a') + real[9..];
        string[] forged = [$"bounces+{new string('a', 26)}@{service.BounceDomain}", tampered, $"postmaster.forgery@{service.BounceDomain}"];

        await using var smtp = await SmtpConversation.OpenAsync(service.InboundPort);
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<>"), StringComparison.Ordinal);
        foreach (var address in forged)
        {
            Assert.StartsWith("550 5.7.1", await smtp.SendAsync($"RCPT TO:<{address}>"), StringComparison.Ordinal);
        }

        // The same session still takes the real one.
        Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{real}>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ehlo_AdvertisesTheSizeLimit_AndADeclaredLargerSizeIsRefused552AtMail()
    {
        await using var smtp = await SmtpConversation.OpenAsync(service.InboundPort);

        Assert.Contains($"SIZE {ListeningService.MaxMessageBytes}", smtp.Extensions);
        Assert.StartsWith("552", await smtp.SendAsync($"MAIL FROM:<> SIZE={ListeningService.MaxMessageBytes + 1}"), StringComparison.Ordinal);
        Assert.StartsWith("250", await smtp.SendAsync($"MAIL FROM:<> SIZE={ListeningService.MaxMessageBytes / 2}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UndeclaredMessageJustOverTheLimit_IsRefused552AfterData_AndNotKept()
    {
        var marker = InboundMail.Marker();
        var to = service.BounceAddress(4244);
        var large = InboundMail.Bounce(to, marker, padding: ListeningService.MaxMessageBytes);
        Assert.InRange(large.Length, ListeningService.MaxMessageBytes + 1, ListeningService.MaxMessageBytes + 2048);

        await using var smtp = await SmtpConversation.OpenAsync(service.InboundPort);
        var replies = await smtp.DeliverAsync("", [to], large);

        Assert.StartsWith("354", replies[2], StringComparison.Ordinal);
        Assert.StartsWith("552", replies[3], StringComparison.Ordinal);
        Assert.Empty(await InboundMail.StoredAsync(service, "smtp", marker));
        // The session goes on: the sender may send its next message.
        Assert.StartsWith("250", await smtp.SendAsync("RSET"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UndeclaredMessageFarOverTheLimit_IsCutOffWith552_AndNotKept()
    {
        var marker = InboundMail.Marker();
        var to = service.BounceAddress(4246);
        var huge = InboundMail.Bounce(to, marker, padding: 4 * ListeningService.MaxMessageBytes);

        await using var smtp = await SmtpConversation.OpenAsync(service.InboundPort);
        var replies = await smtp.DeliverAsync("", [to], huge);

        Assert.StartsWith("552", replies[3], StringComparison.Ordinal);
        Assert.Empty(await InboundMail.StoredAsync(service, "smtp", marker));
    }

    [Fact]
    public async Task DatabaseDown_Answers451SoTheSenderRetries_AndTheRetryIsKept()
    {
        var marker = InboundMail.Marker();
        var to = service.BounceAddress(4245);
        var bounce = InboundMail.Bounce(to, marker);

        await using (await DatabaseOutage.BeginAsync(service.ConnectionString))
        {
            await using var smtp = await SmtpConversation.OpenAsync(service.InboundPort);
            var replies = await smtp.DeliverAsync("", [to], bounce);
            Assert.StartsWith("451", replies[^1], StringComparison.Ordinal);
        }

        Assert.Empty(await InboundMail.StoredAsync(service, "smtp", marker));

        // The sender kept the message and tries again once the database is back (its first tries may meet
        // connections the outage cut).
        await ServiceFixture.EventuallyAsync(async () =>
        {
            await using var smtp = await SmtpConversation.OpenAsync(service.InboundPort);
            return (await smtp.DeliverAsync("", [to], bounce))[^1].StartsWith("250", StringComparison.Ordinal);
        }, Soon, "the retried bounce is accepted");
        Assert.Single(await InboundMail.StoredAsync(service, "smtp", marker));
    }
}
