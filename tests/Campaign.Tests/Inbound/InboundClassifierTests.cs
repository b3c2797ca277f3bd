using System.Diagnostics;
using System.Text;
using Campaign.Core.Inbound;
using MimeKit;
using static Campaign.Tests.Inbound.InboundMail;

namespace Campaign.Tests.Inbound;

/// <summary>What the classifier makes of mail that comes back to us, from samples shaped like what each MTA sends.</summary>
public sealed class InboundClassifierTests
{
    [Fact]
    public void Classify_PostfixDsnUserUnknown_IsHardBounceForOurMessage()
    {
        var report = InboundClassifier.Classify(Sample("postfix-hard.eml"));

        Assert.Equal(new InboundReport(InboundKind.HardBounce, "5.1.1",
            "550 5.1.1 <alice@example.org>: Recipient address rejected: User unknown in virtual mailbox table",
            "6f1c2e9a4b7d40c1a8e3f5b2d9c07e11@example.com", "alice@example.org"), report);
    }

    [Fact]
    public void Classify_PostfixDsnDelayed_IsSoftBounceFromTheReturnedHeaders()
    {
        var report = InboundClassifier.Classify(Sample("postfix-delayed.eml"));

        Assert.Equal(new InboundReport(InboundKind.SoftBounce, "4.4.1",
            "connect to mx.example.org[192.0.2.25]:25: Connection timed out",
            "a7d40c1e9b2f4e6a8c1d3f5b7e9a0c2d@example.com", "consular@example.org"), report);
    }

    [Fact]
    public void Classify_ExchangeNdrRecipientNotFound_IsHardBounceWithTheFourDigitDetail()
    {
        var report = InboundClassifier.Classify(Sample("exchange-5.1.10.eml"));

        Assert.Equal(new InboundReport(InboundKind.HardBounce, "5.1.10",
            "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
            "0b8e3f7a1c9d4e2b9a6f5c3d1e7b8a90@example.com", "minister.office@example.org"), report);
    }

    [Fact]
    public void Classify_GmailAddressNotFound_IsHardBounceWithTheMultiLineReplyAsOneLine()
    {
        var report = InboundClassifier.Classify(Sample("gmail-failure.eml"));

        Assert.Equal(new InboundReport(InboundKind.HardBounce, "5.1.1",
            "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's "
            + "email address for typos or unnecessary spaces. For more information, go to "
            + "https://support.google.com/mail/?p=NoSuchUser a640c23a62f3a-abf0c7b2a1esi812345366b.12 - gsmtp",
            "5d2b8e1f0a9c4b7d6e3f2a1c0b9d8e7f@example.com", "jiyeon.kim@example.org"), report);
    }

    [Fact]
    public void Classify_EximTextBounce_IsHardBounceFromTheServersReplyAndTheInlineCopy()
    {
        var report = InboundClassifier.Classify(Sample("exim-text.eml"));

        Assert.Equal(new InboundReport(InboundKind.HardBounce, "5.1.1",
            "550 5.1.1 <desk.laos@example.org>: Recipient address rejected: User unknown in local recipient table",
            "c3e5a7b9d1f24680ace13579bdf02468@example.com", "desk.laos@example.org"), report);
    }

    [Fact]
    public void Classify_QmailFailureNotice_IsHardBounceFromTheBracketedCode()
    {
        var report = InboundClassifier.Classify(Sample("qmail-text.eml"));

        Assert.Equal(new InboundReport(InboundKind.HardBounce, "5.1.1",
            "Sorry, no mailbox here by that name. (#5.1.1)",
            "e1d2c3b4a5968778695a4b3c2d1e0f9a@example.com", "somchai@example.org"), report);
    }

    [Fact]
    public void Classify_ExchangeHtmlOnlyUndeliverable_IsHardBounceFromTheHtmlText()
    {
        var report = InboundClassifier.Classify(Sample("exchange-text-undeliverable.eml"));

        Assert.Equal(new InboundReport(InboundKind.HardBounce, "5.1.10",
            "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
            "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b@example.com", "press@example.org"), report);
    }

    [Fact]
    public void Classify_MailboxFullWithNoCode_IsSoftBounceByItsWords()
    {
        var report = InboundClassifier.Classify(Sample("mailbox-full-text.eml"));

        Assert.Equal(new InboundReport(InboundKind.SoftBounce, "4.0.0",
            "Reason: the recipient's mailbox is full. The message will not be retried;",
            "f0e1d2c3b4a5968778695a4b3c2d1e0f@example.com", "bob@example.org"), report);
    }

    [Fact]
    public void Classify_ArfAbuseReport_IsComplaintNamingTheOriginalRecipient()
    {
        var report = InboundClassifier.Classify(Sample("arf-abuse.eml"));

        Assert.Equal(new InboundReport(InboundKind.Complaint, null, "abuse",
            "4b6d8f0a2c4e4680b2d4f6a8c0e2a4b6@example.com", "minji.park@example.org"), report);
    }

    [Fact]
    public void Classify_OutlookOutOfOffice_IsAutoReplyToOurLetter()
    {
        var report = InboundClassifier.Classify(Sample("outlook-out-of-office.eml"));

        Assert.Equal(new InboundReport(InboundKind.AutoReply, null, null,
            "1a3c5e7f9b2d4f6a8c0e2b4d6f8a0c2e@example.com", "minister.office@example.org"), report);
    }

    [Fact]
    public void Classify_KoreanAutoReply_IsAutoReplyByItsSubject()
    {
        var report = InboundClassifier.Classify(Sample("korean-auto-reply.eml"));

        Assert.Equal(new InboundReport(InboundKind.AutoReply, null, null,
            "8c0e2a4b6d8f4a1c3e5a7c9e1b3d5f7a@example.com", "humanrights@example.org"), report);
    }

    [Fact]
    public void Classify_PersonsReply_IsReplyToTheMessageItAnswers()
    {
        var report = InboundClassifier.Classify(Sample("human-reply.eml"));

        Assert.Equal(new InboundReport(InboundKind.Reply, null, null,
            "2e4a6c8e0b2d4f6a8c1e3a5c7e9b1d3f@example.com", "hannah.lee@example.org"), report);
    }

    [Fact]
    public void Classify_FailedDsnWithA4xxStatusAndNoOriginal_IsSoftBounceWithoutMessageId()
    {
        var report = InboundClassifier.Classify(Sample("dsn-no-original.eml"));

        Assert.Equal(new InboundReport(InboundKind.SoftBounce, "4.4.7",
            "421 4.4.7 Message expired: unable to deliver in 4 days", null, "visa.section@example.org"), report);
    }

    [Fact]
    public void Classify_ReportWhoseStatusPartIsGarbage_IsUnrecognisedButNamesOurMessage()
    {
        var report = InboundClassifier.Classify(Sample("dsn-garbage-status.eml"));

        Assert.Equal(new InboundReport(InboundKind.Unrecognised, null, null,
            "b2d4f6a8c0e24a6c8e0b2d4f6a8c0e2b@example.com", null), report);
    }

    [Fact]
    public void Classify_BounceOfABounce_IsUnrecognisedAndNamesNoMessageOfOurs()
    {
        var report = InboundClassifier.Classify(Sample("bounce-of-bounce.eml"));

        Assert.Equal(new InboundReport(InboundKind.Unrecognised, "5.1.1",
            "550 5.1.1 <postmaster@mx.example.org>: Recipient address rejected: User unknown",
            null, "postmaster@mx.example.org"), report);
    }

    [Fact]
    public void Classify_PositiveDsn_IsUnrecognisedWithItsSuccessStatus()
    {
        var report = InboundClassifier.Classify(Sample("positive-dsn.eml"));

        Assert.Equal(new InboundReport(InboundKind.Unrecognised, "2.0.0", "delivery via local: delivered to mailbox",
            "d4f6a8c0e2b44d6f8a0c2e4b6d8f0a2c@example.com", "registry@example.org"), report);
    }

    [Fact]
    public void Classify_DsnReturningA10MegabyteAttachment_IsReadFromItsHeadersAtOnce()
    {
        var mail = Parse(DsnWithLargeReturnedMessage(10 * 1024 * 1024));

        var clock = Stopwatch.StartNew();
        var report = InboundClassifier.Classify(mail);
        clock.Stop();

        Assert.Equal(new InboundReport(InboundKind.HardBounce, "5.1.1", "550 5.1.1 User unknown",
            "aa11bb22cc33dd44ee55ff6677889900@example.com", "large@example.org"), report);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"classifying took {clock.Elapsed}");
    }

    [Fact]
    public void Classify_TextBounceQuoting10MegabytesInline_ReadsOnlyTheOpening()
    {
        var raw = new StringBuilder("""
            From: MAILER-DAEMON@mail.example.org
            To: bounces+q5z1x8c3@example.com
            Subject: failure notice

            Hi. This is the qmail-send program at mail.example.org.
            I'm afraid I wasn't able to deliver your message to the following addresses.
            This is a permanent error; I've given up. Sorry it didn't work out.

            <big@example.org>:
            192.0.2.25 does not like recipient.
            Remote host said: 552 5.2.2 <big@example.org>: Mailbox quota exceeded
            Giving up on 192.0.2.25.

            --- Below this line is a copy of the message.

            From: Let Them Pass <letters@example.com>
            To: big@example.org
            Subject: A letter
            Message-ID: <0123456789abcdef0123456789abcdef@example.com>

            """);
        while (raw.Length < 10 * 1024 * 1024) raw.Append("550 5.1.1 this line of the copy must never be read as the server's reply\r\n");
        var mail = Parse(raw.ToString());

        var clock = Stopwatch.StartNew();
        var report = InboundClassifier.Classify(mail);
        clock.Stop();

        Assert.Equal(new InboundReport(InboundKind.HardBounce, "5.2.2", "552 5.2.2 <big@example.org>: Mailbox quota exceeded",
            "0123456789abcdef0123456789abcdef@example.com", "big@example.org"), report);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"classifying took {clock.Elapsed}");
    }

    [Fact]
    public void Classify_TextBounceOfANoticeQuotingAReason_ReadsOnlyTheServersWords()
    {
        // An organizers' notice reports a failing target with its reason; when the notice itself bounces,
        // the quoted reason below the copy marker is ours, not the server's.
        var mail = Parse("""
            From: Mail Delivery System <MAILER-DAEMON@gw.example.org>
            To: bounces+n0t1c3ab@example.com
            Subject: Delivery failure

            The message you sent to <organizer@example.org> could not be delivered.
            Reason: the recipient's mailbox is full.

            ----- Original message -----
            From: Let Them Pass <letters@example.com>
            To: organizer@example.org
            Subject: A target's address is failing
            Message-ID: <5e5e5e5e6f6f6f6f7a7a7a7a8b8b8b8b@example.com>

            Mail to the Laos desk failed: 550 5.1.1 <desk@example.org>: user unknown.
            """);

        var report = InboundClassifier.Classify(mail);

        Assert.Equal(new InboundReport(InboundKind.SoftBounce, "4.0.0", "Reason: the recipient's mailbox is full.",
            "5e5e5e5e6f6f6f6f7a7a7a7a8b8b8b8b@example.com", "organizer@example.org"), report);
    }

    [Fact]
    public void Classify_DsnCutOffInsideTheReturnedMessage_StillReadsTheBounce()
    {
        var whole = File.ReadAllBytes(SamplePath("postfix-hard.eml"));
        var text = Encoding.ASCII.GetString(whole);
        var cut = text.IndexOf("MIME-Version: 1.0\nContent-Type: text/plain", StringComparison.Ordinal);
        Assert.True(cut > 0);

        var report = InboundClassifier.Classify(Parse(whole[..cut]));

        Assert.Equal(InboundKind.HardBounce, report.Kind);
        Assert.Equal("5.1.1", report.Status);
        Assert.Equal("6f1c2e9a4b7d40c1a8e3f5b2d9c07e11@example.com", report.OriginalMessageId);
        Assert.Equal("alice@example.org", report.Recipient);
    }

    [Fact]
    public void Classify_EverySampleCutAnywhereOrCorrupted_NeverThrows()
    {
        var random = new Random(20250304);
        foreach (var name in SampleNames())
        {
            var whole = File.ReadAllBytes(SamplePath(name));
            for (var length = 0; length < whole.Length; length += 61)
                if (TryParse(whole[..length]) is { } cut) Assert.NotNull(InboundClassifier.Classify(cut));
            for (var round = 0; round < 20; round++)
            {
                var corrupted = (byte[])whole.Clone();
                for (var flip = 0; flip < 12; flip++) corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
                if (TryParse(corrupted) is { } mail) Assert.NotNull(InboundClassifier.Classify(mail));
            }
        }
    }

    [Theory]
    [InlineData("自动回复: 关于脱北者的来信")]
    [InlineData("自動回覆：來信已收到")]
    [InlineData("自动答复: A letter from 1,204 supporters")]
    [InlineData("ຕອບກັບອັດຕະໂນມັດ: ຈົດໝາຍ")]
    [InlineData("자동 회신: 편지")]
    [InlineData("Out of Office: A letter from 1,204 supporters")]
    [InlineData("Autoreply: A letter")]
    [InlineData("Auto-Reply: A letter")]
    [InlineData("Jane Doe is out of the office.")]
    public void Classify_AutoReplySubject_IsAutoReply(string subject)
    {
        var report = InboundClassifier.Classify(FromPerson(subject, "Thank you. I will answer when I am back."));

        Assert.Equal(new InboundReport(InboundKind.AutoReply, null, null, "9f8e7d6c5b4a39281706f5e4d3c2b1a0@example.com", "somsak@example.org"), report);
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied")]
    [InlineData("Auto-Submitted", "auto-generated; owner-email=\"it@example.org\"")]
    [InlineData("X-Autoreply", "yes")]
    [InlineData("X-Autorespond", "Re: A letter")]
    [InlineData("Precedence", "auto_reply")]
    public void Classify_AutoReplyHeader_IsAutoReply(string field, string value)
    {
        var report = InboundClassifier.Classify(FromPerson("Re: A letter", "We have received your message.", (field, value)));

        Assert.Equal(InboundKind.AutoReply, report.Kind);
    }

    [Fact]
    public void Classify_AutoSubmittedNo_IsAPersonsReply()
    {
        var report = InboundClassifier.Classify(FromPerson("Re: A letter", "I agree with you.", ("Auto-Submitted", "no")));

        Assert.Equal(InboundKind.Reply, report.Kind);
    }

    [Fact]
    public void Classify_ResponseSuppressedOutOfOfficeBody_IsAutoReply()
    {
        var mail = FromPerson("Re: A letter", "I am out of the office until Monday.", ("X-Auto-Response-Suppress", "All"));

        Assert.Equal(InboundKind.AutoReply, InboundClassifier.Classify(mail).Kind);
    }

    [Fact]
    public void Classify_ResponseSuppressedOrdinaryBody_IsAPersonsReply()
    {
        var mail = FromPerson("Re: A letter", "We will discuss your letter on Monday.", ("X-Auto-Response-Suppress", "All"));

        Assert.Equal(InboundKind.Reply, InboundClassifier.Classify(mail).Kind);
    }

    [Fact]
    public void Classify_OutOfOfficeFromPostmaster_IsAutoReplyNotBounce()
    {
        var mail = FromPerson("Automatic reply: A letter", "The postmaster is away until Monday.", ("Auto-Submitted", "auto-replied"));
        mail.From.Clear();
        mail.From.Add(new MailboxAddress("Postmaster", "postmaster@example.org"));

        Assert.Equal(InboundKind.AutoReply, InboundClassifier.Classify(mail).Kind);
    }

    [Fact]
    public void Classify_PersonQuotingBounceWords_IsAReplyNotABounce()
    {
        var mail = FromPerson("Re: A letter", "Your last mail to my colleague came back with 550 5.1.1 user unknown; her new address is below.");

        var report = InboundClassifier.Classify(mail);

        Assert.Equal(new InboundReport(InboundKind.Reply, null, null, "9f8e7d6c5b4a39281706f5e4d3c2b1a0@example.com", "somsak@example.org"), report);
    }

    [Theory]
    [InlineData("smtp; 550 Requested action not taken: mailbox unavailable", InboundKind.HardBounce, "5.0.0")]
    [InlineData("smtp; 452 Too many recipients received this hour", InboundKind.SoftBounce, "4.0.0")]
    [InlineData("X-Notes; User unknown", InboundKind.HardBounce, "5.0.0")]
    public void Classify_DsnWithoutStatus_TakesTheClassFromTheDiagnostic(string diagnostic, InboundKind kind, string status)
    {
        var mail = Report($"Final-Recipient: rfc822; clerk@example.org\nAction: failed\nDiagnostic-Code: {diagnostic}");

        var report = InboundClassifier.Classify(mail);

        Assert.Equal(kind, report.Kind);
        Assert.Equal(status, report.Status);
        Assert.Equal("clerk@example.org", report.Recipient);
        Assert.Null(report.OriginalMessageId);
    }

    [Fact]
    public void Classify_DsnWithOnlyARecipient_IsUnrecognisedButNamesTheRecipient()
    {
        var report = InboundClassifier.Classify(Report("Final-Recipient: rfc822; clerk@example.org"));

        Assert.Equal(new InboundReport(InboundKind.Unrecognised, null, null, null, "clerk@example.org"), report);
    }

    [Fact]
    public void Classify_DsnWithNoStatusButCodeInItsText_IsReadFromTheText()
    {
        var mail = Report("Final-Recipient: rfc822; clerk@example.org\nAction: failed",
            "<clerk@example.org>: host mx.example.org said: 550 5.7.1 Message rejected by policy",
            "Message-ID: <77aa88bb99cc00dd11ee22ff33aa44bb@example.com>");

        var report = InboundClassifier.Classify(mail);

        Assert.Equal(new InboundReport(InboundKind.HardBounce, "5.7.1", "550 5.7.1 Message rejected by policy",
            "77aa88bb99cc00dd11ee22ff33aa44bb@example.com", "clerk@example.org"), report);
    }

    [Fact]
    public void Classify_LongDiagnostic_IsOneLineOfAtMost500Characters()
    {
        var reason = string.Join("\n ", Enumerable.Repeat("the remote server explains at length why it refused", 30));
        var report = InboundClassifier.Classify(Report($"Final-Recipient: rfc822; clerk@example.org\nAction: failed\nStatus: 5.7.1\nDiagnostic-Code: smtp; 550 5.7.1 {reason}"));

        Assert.NotNull(report.Diagnostic);
        Assert.True(report.Diagnostic.Length <= 500, $"{report.Diagnostic.Length} characters");
        Assert.DoesNotContain('\n', report.Diagnostic);
        Assert.StartsWith("550 5.7.1 the remote server explains", report.Diagnostic, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_ComplaintWithNoReturnedMessage_IsComplaintNamingTheRemovalRecipient()
    {
        var mail = Parse("""
            From: complaints@fbl.example.net
            To: fbl@example.com
            Subject: Email Feedback Report for IP 198.51.100.7
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="f"

            --f
            Content-Type: text/plain

            This is an abuse report.
            --f
            Content-Type: message/feedback-report

            Feedback-Type: fraud
            User-Agent: FBL/1.0
            Version: 1
            Removal-Recipient: <sora@example.org>
            --f--
            """);

        var report = InboundClassifier.Classify(mail);

        Assert.Equal(new InboundReport(InboundKind.Complaint, null, "fraud", null, "sora@example.org"), report);
    }

    [Fact]
    public void Classify_NotSpamFeedback_IsNoComplaint()
    {
        var mail = Parse("""
            From: complaints@fbl.example.net
            To: fbl@example.com
            Subject: Feedback
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="f"

            --f
            Content-Type: message/feedback-report

            Feedback-Type: not-spam
            Original-Rcpt-To: <sora@example.org>
            --f--
            """);

        Assert.Equal(InboundKind.Unrecognised, InboundClassifier.Classify(mail).Kind);
    }

    [Fact]
    public void Classify_BounceLookingMailWithoutStatus_IsUnrecognised()
    {
        var mail = Parse("""
            From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
            To: bounces+a1b2c3d4@example.com
            Subject: Undelivered Mail Returned to Sender

            Something went wrong with your message on relay 10.4.5.6 (Exim 4.96.1).
            Contact your administrator.
            """);

        Assert.Equal(new InboundReport(InboundKind.Unrecognised, null, null, null, null), InboundClassifier.Classify(mail));
    }

    [Fact]
    public void Classify_MailWithNothingInIt_IsUnrecognised()
    {
        var mail = Parse("From: someone@example.org\n\n");

        Assert.Equal(new InboundReport(InboundKind.Unrecognised, null, null, null, null), InboundClassifier.Classify(mail));
    }

    private static byte[] DsnWithLargeReturnedMessage(int attachmentBytes)
    {
        var returned = new MimeMessage();
        returned.From.Add(new MailboxAddress("Let Them Pass", "letters@example.com"));
        returned.To.Add(MailboxAddress.Parse("large@example.org"));
        returned.Subject = "A letter with its evidence";
        returned.MessageId = "aa11bb22cc33dd44ee55ff6677889900@example.com";
        var evidence = new byte[attachmentBytes];
        new Random(10).NextBytes(evidence);
        var attachment = new MimePart("text", "plain")
        {
            Content = new MimeContent(new MemoryStream(evidence)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "evidence.txt" },
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        returned.Body = new Multipart("mixed") { new TextPart("plain") { Text = "Dear Director," }, attachment };

        var status = new MessageDeliveryStatus();
        status.StatusGroups.Add(new HeaderList { { "Reporting-MTA", "dns; mx.example.org" } });
        status.StatusGroups.Add(new HeaderList
        {
            { "Final-Recipient", "rfc822; large@example.org" },
            { "Action", "failed" },
            { "Status", "5.1.1" },
            { "Diagnostic-Code", "smtp; 550 5.1.1 User unknown" },
        });
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse("MAILER-DAEMON@mx.example.org"));
        mail.To.Add(MailboxAddress.Parse("bounces+a1b2c3d4@example.com"));
        mail.Subject = "Undelivered Mail Returned to Sender";
        mail.Body = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = "I'm sorry to have to inform you that your message could not be delivered." },
            status,
            new MessagePart { Message = returned },
        };
        using var stream = new MemoryStream();
        mail.WriteTo(stream);
        return stream.ToArray();
    }
}
