using System.Text;

namespace Campaign.Tests.Bounces;

/// <summary>Bounces as remote mail servers write them, for the tests to feed the inbound mailbox.</summary>
public static class BounceMail
{
    /// <summary>A delivery status notification as Postfix writes one (RFC 3464), to the message's return path.</summary>
    public static byte[] Dsn(string returnPath, string recipient, string? messageId, string status, string diagnostic) => Encoding.UTF8.GetBytes($"""
        From: MAILER-DAEMON@mx.remote.example (Mail Delivery System)
        To: {returnPath}
        Subject: Undelivered Mail Returned to Sender
        Date: Wed, 02 Dec 2026 10:00:00 +0000
        Message-ID: <dsn-{Guid.NewGuid():N}@mx.remote.example>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx.remote.example. Your message could not be delivered.

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.remote.example

        Final-Recipient: rfc822; {recipient}
        Action: failed
        Status: {status}
        Diagnostic-Code: smtp; {diagnostic}

        --b1
        Content-Type: text/rfc822-headers

        From: Campaign <campaigns@campaign.example>
        To: {recipient}
        Message-ID: <{messageId}>
        Subject: Please confirm

        --b1--

        """.ReplaceLineEndings("\r\n"));
}
