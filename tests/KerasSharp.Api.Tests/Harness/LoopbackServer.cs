using System.Net;
using System.Threading;

namespace KerasSharp.Tests.Harness;

/// <summary>An HTTP server on 127.0.0.1 answering one request, for download tests that never reach the network.</summary>
internal static class LoopbackServer
{
    /// <summary>Serves <paramref name="body"/> once under <paramref name="fileName"/>; returns its URL. Join <paramref name="server"/> after the request.</summary>
    public static string Serve(byte[] body, string fileName, out Thread server)
    {
        var port = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        port.Start();
        var number = ((IPEndPoint)port.LocalEndpoint).Port;
        port.Stop();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{number}/");
        listener.Start();
        server = new Thread(() =>
        {
            var context = listener.GetContext();
            context.Response.ContentLength64 = body.Length;
            context.Response.OutputStream.Write(body);
            context.Response.Close();
            listener.Stop();
        });
        server.Start();
        return $"http://127.0.0.1:{number}/{fileName}";
    }
}
