using System;
using System.Net;
using System.Net.Sockets;

namespace Verifik.Tests.Transport;

/// <summary>A loopback port that was free a moment ago, so a connection to it is refused: nothing is listening.</summary>
internal static class ClosedPort
{
    public static Uri At(string pathAndQuery)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}{pathAndQuery}");
    }
}
