using System.Net;
using System.Net.Sockets;

namespace EENet.Repro.Tests;

/// <summary>A tiny HTTP server on 127.0.0.1 (a free port) for download tests; the handler decides each answer.</summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<HttpListenerContext, Task> handler;
    private readonly Task loop;

    public string BaseUrl { get; }
    public List<string> Requests { get; } = [];

    public LocalHttpServer(Func<HttpListenerContext, Task> handler)
    {
        this.handler = handler;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(BaseUrl + "/");
        listener.Start();
        loop = Task.Run(Serve);
    }

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            lock (Requests) Requests.Add($"{context.Request.Url!.AbsolutePath} {context.Request.Headers["Range"]}".Trim());
            try
            {
                await handler(context);
            }
            catch (Exception)
            {
                try { context.Response.Abort(); } catch (Exception) { /* already gone */ }
            }
        }
    }

    /// <summary>Serves <paramref name="content"/>, honouring "Range: bytes=N-".</summary>
    public static async Task Serve(HttpListenerContext context, byte[] content, int? cutAfter = null)
    {
        var start = 0;
        var range = context.Request.Headers["Range"];
        if (range is not null && range.StartsWith("bytes=") && range.EndsWith('-'))
        {
            start = int.Parse(range[6..^1]);
            context.Response.StatusCode = 206;
            context.Response.AddHeader("Content-Range", $"bytes {start}-{content.Length - 1}/{content.Length}");
        }
        context.Response.ContentLength64 = content.Length - start;
        var body = context.Response.OutputStream;
        if (cutAfter is { } cut)
        {
            await body.WriteAsync(content.AsMemory(start, Math.Min(cut, content.Length - start)));
            await body.FlushAsync();
            context.Response.Abort(); // the connection drops mid-transfer
            return;
        }
        await body.WriteAsync(content.AsMemory(start));
        context.Response.Close();
    }

    public static void Status(HttpListenerContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.Close();
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { /* stopped */ }
    }
}
