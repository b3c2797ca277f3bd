using System.Security.Cryptography;
using MimeKit;

namespace Campaign.Core.Ledger;

/// <summary>
/// The SHA-256 of a message as the SMTP client writes it: every line ending CRLF, DKIM signature included, before
/// the transport's dot-stuffing. A receiver's copy differs by the trace headers relays add on top of it (Received,
/// Return-Path); an organizer's copy of what was sent (the capture server, a BCC) gives the same hash.
/// </summary>
public static class SentBytes
{
    private static readonly FormatOptions Smtp = SmtpFormat();

    public static byte[] Sha256(MimeMessage message)
    {
        using var bytes = new MemoryStream();
        message.WriteTo(Smtp, bytes);
        return SHA256.HashData(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
    }

    private static FormatOptions SmtpFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.EnsureNewLine = true;
        return options;
    }
}
