using System.Net;
using Campaign.Core.Inbound;
using Campaign.Tests.Disclosure;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Bounces;

/// <summary>
/// A ministry's address dies; the organizer puts the new one in the campaign file and restarts: the flag is
/// lifted by itself and the letters it held go to the new address, none to the dead one.
/// </summary>
public sealed class ChangedAddressTests(ChangedAddressTests.LiveService service) : IClassFixture<ChangedAddressTests.LiveService>
{
    public sealed class LiveService : ServiceFixture
    {
        protected override IEnumerable<string> ExtraSettings => ["--Delivery:Mode=Live"];
    }

    private const string NewAddress = "new-desk@ministry.example";

    [Fact]
    public async Task ANewAddressInTheCampaignFile_LiftsTheFlag_AndTheHeldLettersGoThere()
    {
        var letters = await SignedLetters.SignAndSendAsync(service, TestCampaigns.Letter, "early-writer@supporters.example",
            ServiceFixture.Signer("early-writer@supporters.example"));
        var letter = letters.Single(m => m.Recipients.Contains(TestCampaigns.FirstTargetEmail));
        var sent = TestMailbox.Parse(letter);
        var mailbox = service.Service.Services.GetRequiredService<InboundMailbox>();
        var receipt = await mailbox.AcceptAsync(BounceMail.Dsn(letter.MailFrom, TestCampaigns.FirstTargetEmail, sent.MessageId, "5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound"), [letter.MailFrom], "smtp", CancellationToken.None);
        Assert.Equal(InboundKinds.HardBounce, receipt.Kind);

        const string later = "later-writer@supporters.example";
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer(later))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsync($"/confirm/{await service.ConfirmationTokenForAsync(later)}", null)).StatusCode);
        var signature = await service.QueryScalarAsync<long>("select id from signatures where email_key = @key", new { key = service.AddressKey(later) });
        await ServiceFixture.EventuallyAsync(async () => await service.QueryScalarAsync<string>(
            "select status from messages where signature_id = @signature and target_id = 'second'", new { signature }) == "sent",
            TimeSpan.FromSeconds(20), "the letter to the working target sent");
        Assert.Equal("queued", await LetterToFirstAsync(signature));

        await service.RestartAsync(directory =>
        {
            var file = Path.Combine(directory, $"{TestCampaigns.Letter}.yaml");
            File.WriteAllText(file, File.ReadAllText(file).Replace(TestCampaigns.FirstTargetEmail, NewAddress, StringComparison.Ordinal));
        });

        await ServiceFixture.EventuallyAsync(async () => await LetterToFirstAsync(signature) == "sent",
            TimeSpan.FromSeconds(20), "the held letter sent once the address changed");
        Assert.Equal(0, await service.QueryScalarAsync<long>("select count(*) from failing_targets"));
        var resent = await service.Mailbox.WaitForAsync(m => m.Recipients.Contains(NewAddress), TimeSpan.FromSeconds(5));
        Assert.Single(resent.Recipients);
        Assert.Single(service.Mailbox.Received, m => m.Recipients.Contains(TestCampaigns.FirstTargetEmail)); // only the letter that bounced
    }

    private Task<string> LetterToFirstAsync(long signature) => service.QueryScalarAsync<string>(
        "select status from messages where signature_id = @signature and target_id = 'first'", new { signature });
}
