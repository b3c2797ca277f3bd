using System.Net.Sockets;
using System.Net;
using SmtpServer.Net;
using SmtpServer;

namespace Campaign.Service.Embedded;

/// <summary>
/// Replaces SmtpServer's listener so that accepted sockets get TCP_NODELAY, and so that the port actually
/// bound (when asked for port 0) is reported back, which SmtpServer itself does not do. The inbound listener
/// builds on it with pipes of its own (<see cref="Inbound.InboundEndpointListenerFactory"/>).
/// </summary>
internal class NoDelayEndpointListenerFactory : IEndpointListenerFactory
{
    private readonly TaskCompletionSource<IPEndPoint> bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the listening socket is bound and accepting connections.</summary>
    public Task<IPEndPoint> Bound => bound.Task;

    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        try
        {
            listener.Start();
        }
        catch (SocketException ex)
        {
            bound.TrySetException(ex);
            throw;
        }

        bound.TrySetResult((IPEndPoint)listener.LocalEndpoint);
        return Listen(listener);
    }

    /// <summary>What accepts connections on the bound socket.</summary>
    protected virtual IEndpointListener Listen(TcpListener listener) => new NoDelayEndpointListener(listener);
}
