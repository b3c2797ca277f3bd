using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer.IO;

namespace Campaign.Service.Embedded;

/// <summary>
/// The pipe SmtpServer reads commands from and writes replies to, over one accepted connection. Plain
/// text only: the capture server offers no STARTTLS (it has no certificate), so an upgrade never happens.
/// SmtpServer's own implementation is internal, hence this one.
/// </summary>
internal sealed class PlainDuplexPipe(TcpClient client) : ISecurableDuplexPipe
{
    private readonly NetworkStream stream = client.GetStream();
    private PipeReader? input;
    private PipeWriter? output;

    public PipeReader Input => input ??= PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));

    public PipeWriter Output => output ??= PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));

    public bool IsSecure => false;

    public SslProtocols SslProtocol => SslProtocols.None;

    public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The capture SMTP server does not offer TLS.");

    public void Dispose()
    {
        input?.Complete();
        output?.Complete();
        stream.Dispose();
        client.Dispose();
    }
}
