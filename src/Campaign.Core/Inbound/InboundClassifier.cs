using MimeKit;

namespace Campaign.Core.Inbound;

/// <summary>
/// Says what a piece of mail that came back to us is: a bounce, a complaint, an auto-reply, a person's reply,
/// or something to leave to an admin. It reads in this order, because each kind carries the signs of the next:
/// <list type="number">
/// <item>Reports first. An ARF feedback report (RFC 5965) is a complaint when its Feedback-Type is abuse, fraud,
/// virus or other. An RFC 3464 delivery status notification is a bounce by its recipient's Action and Status:
/// delayed is soft, failed with 5.x.x hard, with 4.x.x soft. A positive DSN (delivered, relayed, expanded), which
/// we never ask for, is not a bounce: it is <see cref="InboundKind.Unrecognised"/> with its Status. A DSN whose
/// machine part says too little is read like a text bounce. A DSN also says auto-replied; it is a bounce still.</item>
/// <item>Mail that looks like a bounce (from MAILER-DAEMON or postmaster, a null return path, X-Failed-Recipients,
/// a bounce subject, a report) is read for an enhanced status code, then a reply code, then the server's words
/// ("user unknown" hard, "mailbox full" soft). No status found: <see cref="InboundKind.Unrecognised"/>.</item>
/// <item>Auto-replies (Auto-Submitted other than no, X-Autoreply, Precedence: auto_reply, out-of-office subjects
/// in English, Korean, Chinese and Lao). An auto-reply is never a bounce.</item>
/// <item>Anything else with words in it is a person's reply.</item>
/// </list>
/// A bounce whose returned message is itself a bounce (a mail loop) is <see cref="InboundKind.Unrecognised"/> and
/// names no original message: what came back was not our mail. Nothing here logs: the report goes to the caller,
/// who redacts the addresses it may hold.
/// </summary>
public static class InboundClassifier
{
    private static readonly InboundReport Unreadable = new(InboundKind.Unrecognised, null, null, null, null);

    /// <summary>Never throws for any message MimeKit could parse.</summary>
    public static InboundReport Classify(MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        try
        {
            return Read(mail);
        }
        catch (Exception)
        {
            // Mail from the internet is whatever its sender made it. A part MimeKit parsed but cannot decode must
            // not stop the inbound path: the mail is kept for an admin like any other we cannot read.
            return Unreadable;
        }
    }

    private static InboundReport Read(MimeMessage mail)
    {
        var body = MailText.Body(mail);
        var report = MailParts.Own(mail).FirstOrDefault(part => part is MessageFeedbackReport or MessageDeliveryStatus);
        if (report is MessageFeedbackReport feedback) return Complaint(mail, body, FeedbackReport.Read(feedback));
        if (report is MessageDeliveryStatus status) return Bounce(mail, body, DeliveryStatusReport.Read(status));
        if (BounceSigns.Show(mail.Headers) && !AutoReplies.Declared(mail.Headers)) return Bounce(mail, body, null);
        if (AutoReplies.Show(mail.Headers, body)) return Answer(InboundKind.AutoReply, mail);
        if (!string.IsNullOrWhiteSpace(body)) return Answer(InboundKind.Reply, mail);
        return Unreadable with { OriginalMessageId = MessageIds.Answered(mail) };
    }

    private static InboundReport Complaint(MimeMessage mail, string body, FeedbackReport feedback)
    {
        var kind = feedback.IsComplaint ? InboundKind.Complaint : InboundKind.Unrecognised;
        var original = ReturnedMessage.Find(mail, body)?.MessageId ?? MessageIds.Answered(mail);
        return new InboundReport(kind, null, feedback.FeedbackType, original, feedback.Recipient);
    }

    private static InboundReport Bounce(MimeMessage mail, string body, DeliveryStatusReport? report)
    {
        var finding = report?.Finding;
        if (finding is null || finding.Status is null || finding.Recipient is null)
        {
            var text = TextBounce.Read(body, mail.Headers);
            finding = finding is null ? text : finding.Or(text);
        }
        var returned = ReturnedMessage.Find(mail, body);
        if (returned is { IsBounce: true })
            return new InboundReport(InboundKind.Unrecognised, finding.Status, finding.Diagnostic, null, finding.Recipient);
        var original = returned?.MessageId ?? report?.OriginalMessageId ?? MessageIds.Answered(mail);
        return new InboundReport(finding.Kind, finding.Status, finding.Diagnostic, original, finding.Recipient);
    }

    private static InboundReport Answer(InboundKind kind, MimeMessage mail) =>
        new(kind, null, null, MessageIds.Answered(mail), Addresses.Sender(mail));
}
