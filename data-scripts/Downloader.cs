using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace EENet.Repro.DataScripts;

/// <summary>
/// Downloads one file into a .part file next to its destination, resuming from what an interrupted transfer left
/// (HTTP Range), and reports progress. It never writes the destination itself: the caller verifies the .part first.
/// </summary>
public sealed class Downloader(HttpClient http, IProgress<DownloadProgress>? progress = null)
{
    /// <summary>No byte for this long ends the attempt (the transfer can then be resumed).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public static HttpClient CreateClient() => new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { { "User-Agent", "EENet.Repro-data-scripts" } },
    };

    /// <summary>Downloads <paramref name="url"/> into <paramref name="partPath"/>, appending to it when it exists.</summary>
    public async Task DownloadAsync(string url, string partPath, long? expectedSize, CancellationToken cancel = default)
    {
        var existing = File.Exists(partPath) ? new FileInfo(partPath).Length : 0;
        if (expectedSize is { } size && existing >= size) existing = 0; // a complete-but-wrong or oversized part: start again
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (existing > 0) request.Headers.Range = new RangeHeaderValue(existing, null);

        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        idle.CancelAfter(IdleTimeout);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        var resumed = existing > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        if (!resumed) existing = 0; // the server ignored the range: take the whole file again
        var total = response.Content.Headers.ContentLength is { } length ? length + existing : expectedSize;

        await using var source = await response.Content.ReadAsStreamAsync(idle.Token);
        await using var target = new FileStream(partPath, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write,
            FileShare.None, 1 << 16);
        var buffer = new byte[1 << 16];
        var done = existing;
        var clock = Stopwatch.StartNew();
        progress?.Report(new DownloadProgress(Path.GetFileName(partPath), done, total, resumed ? existing : 0, clock.Elapsed));
        while (true)
        {
            idle.CancelAfter(IdleTimeout);
            int read;
            try
            {
                read = await source.ReadAsync(buffer, idle.Token);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new IOException($"no data for {IdleTimeout.TotalSeconds:F0} s; {done:N0} bytes kept in {partPath} for a resumed " +
                    $"attempt");
            }
            if (read == 0) break;
            await target.WriteAsync(buffer.AsMemory(0, read), cancel);
            done += read;
            progress?.Report(new DownloadProgress(Path.GetFileName(partPath), done, total, resumed ? existing : 0, clock.Elapsed));
        }
        if (total is { } expected && done != expected)
            throw new IOException($"transfer ended at {done:N0} of {expected:N0} bytes; the part is kept for a resumed attempt");
    }
}

/// <summary>Bytes so far of one download (ResumedFrom: bytes that were already there).</summary>
public sealed record DownloadProgress(string File, long Done, long? Total, long ResumedFrom, TimeSpan Elapsed);
