using System.Net.Sockets;
using Campaign.Service.Embedded;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace Campaign.Service.Inbound;

/// <summary>
/// SmtpServer's listener replaced, as for the capture server: accepted sockets get TCP_NODELAY (senders
/// pipeline commands), the bound port is reported back, and each connection reads through a
/// <see cref="SizeCappedPipe"/>.
/// </summary>
internal sealed class InboundEndpointListenerFactory(long cap) : NoDelayEndpointListenerFactory
{
    protected override IEndpointListener Listen(TcpListener listener) => new Listener(listener, cap);

    private sealed class Listener(TcpListener listener, long cap) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
            return new SizeCappedPipe(client, cap);
        }

        public void Dispose() => listener.Stop();
    }
}
