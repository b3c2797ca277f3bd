using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Campaign.Core.Deliveries;
using Campaign.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Campaign.Tests.Organizers;

/// <summary>Petition deliveries on real PostgreSQL and SMTP: exactly once per signature and target, and only shared names.</summary>
public sealed class PetitionDeliveryTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    private T Get<T>() where T : notnull => service.Service.Services.GetRequiredService<T>();

    private Task<long> DeliveriesAsync(string target) => service.QueryScalarAsync<long>(
        "select count(*) from deliveries where campaign = @campaign and target_id = @target", new { campaign = TestCampaigns.Delivery, target });

    private async Task<MimeMessage> DeliveryMailAsync(string targetEmail, int nth = 0)
    {
        await ServiceFixture.EventuallyAsync(() => Task.FromResult(Mails().Count > nth), Soon, $"delivery {nth + 1} to {targetEmail}");
        return Mails()[nth];

        List<MimeMessage> Mails() => service.Mailbox.Received.Select(TestMailbox.Parse)
            .Where(m => m.Headers["X-Campaign"] == TestCampaigns.Delivery && m.Headers["X-Campaign-Target"] == targetEmail).ToList();
    }

    private static string CsvOf(MimeMessage mail)
    {
        var csv = Assert.Single(mail.Attachments.OfType<MimePart>());
        using var content = new MemoryStream();
        csv.Content!.DecodeTo(content);
        return Encoding.UTF8.GetString(content.ToArray());
    }

    [Fact]
    public async Task DeliverScheduled_TwoRunsRace_EachSignatureReachesTheTargetOnceWithOnlySharedNames()
    {
        await service.SignAndConfirmAsync(TestCampaigns.Delivery, "ana@example.org", "Ana Kim", "KR", share: true);
        await service.SignAndConfirmAsync(TestCampaigns.Delivery, "wei@example.org", "王伟", "CN", share: true);
        await service.SignAndConfirmAsync(TestCampaigns.Delivery, "hidden@example.org", "Hidden Person", "US", share: false);
        await service.SignAndConfirmAsync(TestCampaigns.Delivery, "formula@example.org", "=1+2 Lee", "KR", share: true);
        await service.SignDirectlyAsync(TestCampaigns.Delivery, "pending@example.org", "Pending Person", "JP", share: true);
        var deliveries = Get<PetitionDeliveries>();

        // Two workers run the same recurring job at once.
        await Task.WhenAll(
            Task.Run(() => deliveries.DeliverScheduledAsync(TestCampaigns.Delivery, "cn-mfa", CancellationToken.None)),
            Task.Run(() => deliveries.DeliverScheduledAsync(TestCampaigns.Delivery, "cn-mfa", CancellationToken.None)));

        Assert.Equal(1L, await DeliveriesAsync("cn-mfa"));
        Assert.Equal(4L, await service.QueryScalarAsync<long>("select count(*) from delivery_signatures where target_id = 'cn-mfa'"));
        var mail = await DeliveryMailAsync(TestCampaigns.FirstTargetEmail);
        Assert.Equal("停止强制遣返：4个新签名", mail.Subject);
        Assert.Equal("sandbox@campaign.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Contains("停止强制遣返朝鲜人。", mail.TextBody, StringComparison.Ordinal);
        // Four signatures, all in countries below the floor of 10: the ministry sees them only as "other".
        Assert.Contains("- other: 4", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("- KR:", mail.TextBody, StringComparison.Ordinal);
        var csv = CsvOf(mail);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Name,Country", lines[0]);
        Assert.Equal(["Ana Kim,KR", "王伟,CN"], lines[1..3]);
        Assert.StartsWith("\"", lines[3], StringComparison.Ordinal); // the formula is escaped, so a spreadsheet shows it as text
        Assert.Contains("1+2 Lee", lines[3], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        Assert.DoesNotContain("Hidden", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("@", csv, StringComparison.Ordinal);

        // Nothing new: no delivery, no email.
        await deliveries.DeliverScheduledAsync(TestCampaigns.Delivery, "cn-mfa", CancellationToken.None);
        Assert.Equal(1L, await DeliveriesAsync("cn-mfa"));

        // One more confirmation: the next delivery carries just that one.
        var late = await service.SignAndConfirmAsync(TestCampaigns.Delivery, "late@example.org", "Late Signer", "LA", share: true);
        await deliveries.DeliverScheduledAsync(TestCampaigns.Delivery, "cn-mfa", CancellationToken.None);
        var second = await DeliveryMailAsync(TestCampaigns.FirstTargetEmail, nth: 1);
        Assert.Equal("停止强制遣返：1个新签名", second.Subject);
        Assert.Equal(["Name,Country", "Late Signer,LA"], CsvOf(second).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(1L, await service.QueryScalarAsync<long>("select count(*) from delivery_signatures where signature_id = @late and target_id = 'cn-mfa'", new { late }));
    }

    [Fact]
    public async Task DeliverScheduled_LaoTarget_GetsLaoTextAndTheRecordShowsWhatItReceived()
    {
        await service.SignAndConfirmAsync(TestCampaigns.Delivery, "lao-reader@example.org", "Somphone", "LA", share: true);

        await Get<PetitionDeliveries>().DeliverScheduledAsync(TestCampaigns.Delivery, "lao-mfa", CancellationToken.None);

        var mail = await DeliveryMailAsync(TestCampaigns.SecondTargetEmail);
        Assert.StartsWith("ຢຸດການບັງຄັບສົ່ງກັບຄືນ: ລາຍເຊັນໃໝ່", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("ຮຽນ ກະຊວງການຕ່າງປະເທດ,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("ຢຸດການບັງຄັບສົ່ງຊາວເກົາຫຼີເໜືອກັບຄືນ.", mail.HtmlBody, StringComparison.Ordinal);
        Assert.All(mail.BodyParts.OfType<TextPart>().Where(p => p.ContentType.MediaType == "text"), p => Assert.Equal("utf-8", p.ContentType.Charset, ignoreCase: true));

        await ServiceFixture.EventuallyAsync(async () =>
        {
            var record = await RecordOfAsync("lao-mfa");
            return record.GetProperty("deliveries")[0].GetProperty("status").GetString() == "sent";
        }, Soon, "the delivery is recorded as sent");
        var target = await RecordOfAsync("lao-mfa");
        var delivery = target.GetProperty("deliveries")[0];
        Assert.Equal("schedule", delivery.GetProperty("reason").GetString());
        Assert.Equal(mail.MessageId, delivery.GetProperty("messageId").GetString());
        Assert.True(delivery.GetProperty("newSignatures").GetInt32() >= 1);
        Assert.Equal(DeliverySchedule.NextAfter("0 9 * * 1", "Asia/Vientiane", DateTimeOffset.UtcNow),
            target.GetProperty("nextScheduled").GetDateTimeOffset());
        var carried = await service.Admin.GetFromJsonAsync<List<long>>(
            $"/api/admin/campaigns/{TestCampaigns.Delivery}/deliveries/{delivery.GetProperty("id").GetInt64()}/signatures");
        Assert.Equal(delivery.GetProperty("newSignatures").GetInt32(), carried!.Count);
    }

    private async Task<JsonElement> RecordOfAsync(string target)
    {
        var list = await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/campaigns/{TestCampaigns.Delivery}/deliveries?target={target}");
        return Assert.Single(list!);
    }

    [Fact]
    public void Start_RegistersAWeeklyJobPerTargetInItsTimeZone()
    {
        using var connection = Get<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().Where(j => j.Id.StartsWith($"delivery:{TestCampaigns.Delivery}:", StringComparison.Ordinal)).ToList();

        Assert.Equal(["delivery:delivery-test:cn-mfa", "delivery:delivery-test:lao-mfa"], jobs.Select(j => j.Id).Order());
        var china = jobs.Single(j => j.Id.EndsWith("cn-mfa", StringComparison.Ordinal));
        Assert.Equal("0 9 * * 1", china.Cron);
        Assert.Equal("Asia/Shanghai", china.TimeZoneId);
        var expected = DeliverySchedule.NextAfter("0 9 * * 1", "Asia/Shanghai", DateTimeOffset.UtcNow)!.Value;
        Assert.Equal(expected.UtcDateTime, china.NextExecution);
        // A petition without a schedule delivers only on milestones and at closing.
        Assert.DoesNotContain(connection.GetRecurringJobs(), j => j.Id.StartsWith($"delivery:{TestCampaigns.Milestone}:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdminPreview_Petition_ReturnsTheDeliveryAsRfc822()
    {
        var response = await service.Admin.GetAsync($"/api/admin/campaigns/{TestCampaigns.Delivery}/preview?target=lao-mfa&lang=ko");

        Assert.Equal("message/rfc822", response.Content.Headers.ContentType?.MediaType);
        var mail = MimeMessage.Load(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("강제송환을 멈추십시오: 새 서명", mail.Subject, StringComparison.Ordinal);
        Assert.Equal(TestCampaigns.SecondTargetEmail, mail.Headers["X-Campaign-Target"]);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest,
            (await service.Admin.GetAsync($"/api/admin/campaigns/{TestCampaigns.Delivery}/preview?target=nobody")).StatusCode);
    }

    [Fact]
    public async Task AdminStats_CountLettersInTheSupportersOwnWords()
    {
        await service.SignAndConfirmAsync(TestCampaigns.Letter, "own-words@example.org", letterBody: "In my own words: let them pass.");
        await service.SignAndConfirmAsync(TestCampaigns.Letter, "template@example.org");

        var stats = await service.Admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/stats");

        var letter = stats!.Single(s => s.GetProperty("campaign").GetString() == TestCampaigns.Letter);
        Assert.Equal(2, letter.GetProperty("personalisedLetters").GetInt64()); // one supporter, two targets
        Assert.Equal(0, stats!.Single(s => s.GetProperty("campaign").GetString() == TestCampaigns.Delivery).GetProperty("personalisedLetters").GetInt64());
    }
}
