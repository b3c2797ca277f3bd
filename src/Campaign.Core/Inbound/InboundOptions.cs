using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Inbound;

/// <summary>
/// How mail comes back to the service (<c>Inbound:*</c>): an SMTP listener of its own for the bounce and reply
/// addresses (off unless <c>Inbound:Port</c> is set; on, on a loopback port, in embedded mode), and/or an IMAP
/// mailbox it polls.
/// </summary>
public sealed class InboundOptions
{
    public const string Section = "Inbound";

    /// <summary>The listener's port; 0 = no listener (embedded mode picks a free loopback port).</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>The address the listener binds to.</summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>Larger mail is refused at the protocol level (SIZE, then 552), or left alone in the IMAP mailbox.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Messages accepted per minute from one client address; more get a 421/451 and come back later.</summary>
    [Range(1, 1_000_000)]
    public int MessagesPerMinutePerClient { get; set; } = 120;

    /// <summary>A target's reply keeps an attachment up to this size (decoded bytes); a larger one is listed, not kept.</summary>
    [Range(0, 100 * 1024 * 1024)]
    public int ReplyAttachmentLimit { get; set; } = 5 * 1024 * 1024;

    /// <summary>Attachments kept per reply; the rest are listed with their names and sizes.</summary>
    [Range(0, 1000)]
    public int ReplyAttachmentCount { get; set; } = 10;

    public ImapInboxOptions Imap { get; set; } = new();
}

/// <summary><c>Inbound:Imap:*</c>: a mailbox where bounces land, polled when <see cref="Host"/> is set.</summary>
public sealed class ImapInboxOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 993;

    /// <summary>Auto (TLS on 993, STARTTLS when offered), SslOnConnect, StartTls or None (tests only).</summary>
    public string Security { get; set; } = "Auto";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string Folder { get; set; } = "INBOX";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
}
