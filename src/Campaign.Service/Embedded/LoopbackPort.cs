using System.Net.Sockets;
using System.Net;

namespace Campaign.Service.Embedded;

/// <summary>Free TCP ports on 127.0.0.1 for servers (like postgres) that cannot report a port they chose.</summary>
internal static class LoopbackPort
{
    public static int FindFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
