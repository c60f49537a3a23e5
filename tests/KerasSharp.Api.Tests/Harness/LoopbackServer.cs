using System.Collections.Generic;
using System.Net;
using System.Threading;

namespace KerasSharp.Tests.Harness;

/// <summary>An HTTP server on 127.0.0.1 answering one request per file, for download tests that never reach the network.</summary>
internal static class LoopbackServer
{
    /// <summary>Serves <paramref name="body"/> once under <paramref name="fileName"/>; returns its URL. Join <paramref name="server"/> after the request.</summary>
    public static string Serve(byte[] body, string fileName, out Thread server) =>
        Serve(new Dictionary<string, byte[]> { [fileName] = body }, out server) + fileName;

    /// <summary>
    /// Serves each of <paramref name="files"/> (name → body) once, a request for another name answered 404, until
    /// as many requests as files have come; returns the base URL (ending in '/'). Join <paramref name="server"/> after
    /// the requests.
    /// </summary>
    public static string Serve(IReadOnlyDictionary<string, byte[]> files, out Thread server)
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
            for (int i = 0; i < files.Count; i++)
            {
                var context = listener.GetContext();
                if (files.TryGetValue(context.Request.Url!.AbsolutePath.TrimStart('/'), out var body))
                {
                    context.Response.ContentLength64 = body.Length;
                    context.Response.OutputStream.Write(body);
                }
                else context.Response.StatusCode = 404;
                context.Response.Close();
            }
            listener.Stop();
        });
        server.Start();
        return $"http://127.0.0.1:{number}/";
    }
}
