using MailKit;

namespace Campaign.Core.Sending;

/// <summary>
/// Tells whether a message's data went out whole: MailKit hands this "protocol logger" every write that
/// reached the connection, and a message's data ends with the line holding a single dot. Once that line is
/// out, a connection that breaks leaves the relay possibly holding the message (SPEC §6: <c>unknown</c>);
/// before it, the relay cannot have accepted it. Asking MailKit for transfer progress instead makes it
/// write every message twice, once only to count the bytes.
/// </summary>
internal sealed class DataEndWatch : IProtocolLogger
{
    // Dot-stuffing doubles any dot that starts a line of the message, so this appears only at its end.
    private static ReadOnlySpan<byte> Terminator => "\r\n.\r\n"u8;

    // The last bytes written, across writes: the terminator may be split between two of them.
    private readonly byte[] tail = new byte[5];
    private int tailLength;

    /// <summary>Whether the terminator has been written since <see cref="Reset"/>.</summary>
    public bool Written { get; private set; }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    public void Reset()
    {
        Written = false;
        tailLength = 0;
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        var written = buffer.AsSpan(offset, count);
        if (written.Length >= tail.Length)
        {
            written[^tail.Length..].CopyTo(tail);
            tailLength = tail.Length;
        }
        else
        {
            // Keep the newest bytes: shift what stays to the front, then append.
            var keep = Math.Min(tailLength, tail.Length - written.Length);
            tail.AsSpan(tailLength - keep, keep).CopyTo(tail);
            written.CopyTo(tail.AsSpan(keep));
            tailLength = keep + written.Length;
        }
        if (tailLength == tail.Length && tail.AsSpan().SequenceEqual(Terminator)) Written = true;
    }

    public void LogConnect(Uri uri) { }

    public void LogServer(byte[] buffer, int offset, int count) { }

    public void Dispose() { }
}
