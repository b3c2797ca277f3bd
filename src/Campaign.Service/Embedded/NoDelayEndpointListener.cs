using System.Net.Sockets;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer;

namespace Campaign.Service.Embedded;

/// <summary>Accepts SMTP connections with Nagle's algorithm off.</summary>
internal sealed class NoDelayEndpointListener(TcpListener listener) : IEndpointListener
{
    public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
    {
        var client = await listener.AcceptTcpClientAsync(cancellationToken);

        // MailKit pipelines MAIL/RCPT/DATA; with Nagle on, each small reply waits for the peer's delayed
        // ACK (~40 ms), capping one connection at ~23 messages a second.
        client.NoDelay = true;

        context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
        context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
        return new PlainDuplexPipe(client);
    }

    public void Dispose() => listener.Stop();
}
