namespace Campaign.Service.Embedded;

/// <summary>One message accepted by the capture SMTP server: the envelope and the raw RFC 5322 bytes as received.</summary>
public sealed record CapturedMail(string MailFrom, IReadOnlyList<string> Recipients, byte[] Raw, DateTimeOffset ReceivedAt);
