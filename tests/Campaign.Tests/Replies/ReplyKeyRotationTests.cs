using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Campaign.Core.Privacy;
using Campaign.Service.Cli;
using Campaign.Service.Hosting;
using Campaign.Tests.Disclosure;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Receiving;

namespace Campaign.Tests.Replies;

/// <summary>A target's reply is sealed like a supporter's details, so <c>rotate-key</c> moves it too: after a rotation and a start with only the new key, it still reads.</summary>
public sealed class ReplyKeyRotationTests(ReplyingService service) : IClassFixture<ReplyingService>
{
    [Fact]
    public async Task RotateKey_ResealsRepliesAndTheirAttachments_TheyStillReadUnderTheNewKeyAlone()
    {
        const string email = "rotation-reply@supporters.example";
        var letters = await SignedLetters.SignAndSendAsync(service, TestCampaigns.Letter, email, ServiceFixture.Signer(email));
        var letter = TestMailbox.Parse(letters.Single(m => TestMailbox.Parse(m).Subject!.StartsWith("A letter", StringComparison.Ordinal)));
        var marker = ReplyMail.Marker();
        var file = Encoding.ASCII.GetBytes($"statement {marker}");
        await using (var smtp = await SmtpConversation.OpenAsync(service.InboundPort))
            Assert.StartsWith("250", (await smtp.DeliverAsync(TestCampaigns.FirstTargetEmail, [service.ReplyAddress], ReplyMail.Write(TestCampaigns.FirstTargetEmail,
                service.ReplyAddress, $"Re: {marker}", letter.MessageId, $"Noted. {marker}", files: [("statement.bin", "application/octet-stream", file)])))[^1], StringComparison.Ordinal);
        await ServiceFixture.EventuallyAsync(async () => (await ReplyAsync(marker)).ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(20), "the reply listed");

        var newKey = MasterKey.Generate().Text;
        var errors = new StringWriter();
        var exit = await RotateKeyCommand.RunAsync(CommandLine.Parse(["rotate-key", $"--ConnectionStrings:Campaign={service.ConnectionString}",
            $"--Privacy:DataKey={newKey}", $"--Privacy:PreviousDataKey={service.DataKey}"]), new StringWriter(), errors, CancellationToken.None);
        Assert.True(exit == 0, errors.ToString());
        service.DataKey = newKey;
        await service.RestartAsync(_ => { });

        var reply = await ReplyAsync(marker);
        Assert.Equal($"Re: {marker}", reply.GetProperty("subject").GetString());
        Assert.Equal(file, await service.Admin.GetByteArrayAsync(reply.GetProperty("attachments")[0].GetProperty("url").GetString()));
        Assert.Equal("statement.bin", reply.GetProperty("attachments")[0].GetProperty("fileName").GetString());
        Assert.Equal(0L, await service.QueryScalarAsync<long>("""
            select (select count(*) from target_replies where sealed_with <> k.id) + (select count(*) from target_reply_attachments where sealed_with <> k.id)
            from (select max(id) as id from data_keys where purpose = 'fields') k
            """));
    }

    private async Task<JsonElement> ReplyAsync(string marker) =>
        (await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/campaigns/{TestCampaigns.Letter}/replies"))!
            .FirstOrDefault(r => (r.GetProperty("text").GetString() ?? "").Contains(marker, StringComparison.Ordinal));
}
