using MailKit;

namespace Campaign.Core.Relay;

/// <summary>
/// Tells whether a message's data went out whole: MailKit hands this "protocol logger" every write that
/// reached the connection, and a message's data ends with the line holding a single dot. Once that line is
/// out, a connection that breaks leaves the relay possibly holding the message (SPEC §6: <c>unknown</c>);
/// before it, the relay cannot have accepted it. Asking MailKit for transfer progress instead makes it
/// write every message twice, once only to count the bytes.
/// </summary>
internal sealed class DataEndWatch : IProtocolLogger
{
    // "\r\n.\r\n" as the five low bytes of a number. Dot-stuffing doubles any dot that starts a line of
    // the message, so these five bytes appear only at its end.
    private const ulong Terminator = 0x0D_0A_2E_0D_0A;

    // The last five bytes written, across writes: the terminator may be split between two of them.
    private ulong tail;

    /// <summary>Whether the terminator has been written since <see cref="Reset"/>.</summary>
    public bool Written { get; private set; }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    public void Reset()
    {
        Written = false;
        tail = 0;
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        foreach (var b in buffer.AsSpan(offset, count)[^Math.Min(count, 5)..]) tail = ((tail << 8) | b) & 0xFF_FF_FF_FF_FF;
        if (tail == Terminator) Written = true;
    }

    public void LogConnect(Uri uri) { }

    public void LogServer(byte[] buffer, int offset, int count) { }

    public void Dispose() { }
}
