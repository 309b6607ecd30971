using System.Diagnostics;

namespace EENet.Repro.Charts;

/// <summary>
/// Saves a chart as PNG for reports: the standalone Plotly page (plotly.js inline, no network) screenshotted by a
/// headless Chromium (Debian's package <c>chromium</c>; $EENET_CHROMIUM names another binary).
/// </summary>
public static class StaticImage
{
    public const string BrowserVariable = "EENET_CHROMIUM";

    public static string? FindBrowser()
    {
        if (Environment.GetEnvironmentVariable(BrowserVariable) is { Length: > 0 } configured) return File.Exists(configured) ? configured : null;
        string[] candidates = OperatingSystem.IsWindows()
            ? [@"C:\Program Files\Google\Chrome\Application\chrome.exe", @"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe"]
            : OperatingSystem.IsMacOS()
                ? ["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "/Applications/Chromium.app/Contents/MacOS/Chromium"]
                : ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Writes <paramref name="path"/> (PNG). Throws with what to install when no browser is found.</summary>
    public static void SavePng(ChartSpec spec, string path, TimeSpan? timeout = null)
    {
        var browser = FindBrowser() ?? throw new InvalidOperationException(
            $"No Chromium found for PNG export (looked for /usr/bin/chromium and others). Install it (Debian: 'apt-get install chromium') or set {BrowserVariable}; the HTML and JSON figures do not need it.");
        var work = Path.Combine(Path.GetTempPath(), "eenet-png-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var page = Path.Combine(work, "chart.html");
            File.WriteAllText(page, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>body{margin:0;background:white}</style></head><body>\n" +
                ChartRenderer.PlotlyScriptHtml(note: false) + ChartRenderer.Html(spec) + "\n</body></html>\n");
            var shot = Path.Combine(work, "chart.png");
            var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
                     {
                         "--headless", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-quic", $"--user-data-dir={Path.Combine(work, "profile")}",
                         "--virtual-time-budget=10000", $"--window-size={spec.Width},{spec.Height}", $"--screenshot={shot}", new Uri(page).AbsoluteUri,
                     })
            {
                start.ArgumentList.Add(arg);
            }
            if (Environment.UserName == "root") start.ArgumentList.Insert(0, "--no-sandbox"); // Chromium refuses to run as root otherwise
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{browser} did not finish the screenshot of '{spec.Title}'.");
            }
            if (!File.Exists(shot)) throw new InvalidOperationException($"{browser} wrote no screenshot (exit {process.ExitCode}): {stderr.Result.Trim()}");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.Move(shot, path, overwrite: true);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { /* a browser helper may still hold a file */ }
        }
    }
}
