using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer.IO;

namespace Campaign.Service.Inbound;

/// <summary>
/// One accepted connection of the inbound listener, plain text, whose reader refuses to hold more than
/// <c>cap</c> bytes the client has sent and SmtpServer has not yet consumed — that is, a message larger than
/// the limit that was never declared with SIZE, or a line that never ends. It then answers 552 itself and
/// closes. SmtpServer 11.1's own strict size handling was not used: with a message that ends less than one
/// read past its limit, it waits for more input before answering, and the sender waits for the answer.
/// </summary>
internal sealed class SizeCappedPipe(TcpClient client, long cap) : ISecurableDuplexPipe
{
    private static readonly byte[] TooLarge = "552 5.3.4 Message too big; closing\r\n"u8.ToArray();

    private readonly NetworkStream stream = client.GetStream();
    private PipeReader? input;
    private PipeWriter? output;

    public PipeReader Input => input ??= new CappedReader(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), cap, Refuse);

    public PipeWriter Output => output ??= PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));

    public bool IsSecure => false;

    public SslProtocols SslProtocol => SslProtocols.None;

    // The listener offers no STARTTLS (it has no certificate), so an upgrade is never asked for.
    public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The inbound SMTP listener does not offer TLS.");

    public void Dispose()
    {
        input?.Complete();
        output?.Complete();
        stream.Dispose();
        client.Dispose();
    }

    private void Refuse()
    {
        try
        {
            stream.Write(TooLarge);
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The client is gone already.
        }
    }

    private sealed class CappedReader(PipeReader inner, long cap, Action refuse) : PipeReader
    {
        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
            Checked(await inner.ReadAsync(cancellationToken));

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result)) return false;
            result = Checked(result);
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        private ReadResult Checked(ReadResult result)
        {
            if (result.Buffer.Length <= cap) return result;
            refuse();
            throw new IOException($"the client sent more than {cap} bytes without ending the message");
        }
    }
}
