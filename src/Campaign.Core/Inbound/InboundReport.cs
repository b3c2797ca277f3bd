namespace Campaign.Core.Inbound;

/// <summary>What <see cref="InboundClassifier"/> read from one piece of inbound mail.</summary>
/// <param name="Kind">What the mail is.</param>
/// <param name="Status">Enhanced status code ("5.1.1"); from a bare SMTP code when that is all there is
/// (550 -> "5.0.0", 452 -> "4.0.0"), and likewise "5.0.0"/"4.0.0" when only the server's words decided
/// ("user unknown", "mailbox full"). Null when no status was given.</param>
/// <param name="Diagnostic">The remote server's reason as plain text, one line, at most 500 characters; null if none.
/// It may quote an address: the caller redacts it before storing or logging.</param>
/// <param name="OriginalMessageId">Message-ID of our message the report is about, without angle brackets; null if not found.</param>
/// <param name="Recipient">The (final or original) recipient address the report names, if any; for a reply or an
/// auto-reply, the address that answered.</param>
public sealed record InboundReport(InboundKind Kind, string? Status, string? Diagnostic, string? OriginalMessageId, string? Recipient);
