using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace EENet.Repro.Charts;

/// <summary>
/// Exports a chart for papers and slides through a headless Chromium (Debian's package <c>chromium</c>;
/// $EENET_CHROMIUM names another binary), from the chart's standalone page with plotly.js inline (no network) and no
/// toolbar: PNG at print resolution (2× the chart's size), SVG (plotly.js's own vector export) and PDF (Chromium's
/// print to PDF, vector).
/// </summary>
public static class StaticImage
{
    public const string BrowserVariable = "EENET_CHROMIUM";

    /// <summary>Pixel density of PNG exports: 2× the chart's CSS size (1,520 × 880 pixels for a 760 × 440 chart).</summary>
    public const int PngScale = 2;

    public static string? FindBrowser()
    {
        if (Environment.GetEnvironmentVariable(BrowserVariable) is { Length: > 0 } configured) return File.Exists(
            configured) ? configured : null;
        string[] candidates = OperatingSystem.IsWindows()
            ? [@"C:\Program Files\Google\Chrome\Application\chrome.exe", @"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe"]
            : OperatingSystem.IsMacOS()
                ? ["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "/Applications/Chromium.app/Contents/MacOS/Chromium"]
                : ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Writes &lt;stem&gt;.png, .svg and .pdf; returns the paths.</summary>
    public static List<string> SaveAll(ChartSpec spec, string stem)
    {
        var files = new List<string> { stem + ".png", stem + ".svg", stem + ".pdf" };
        SavePng(spec, files[0]);
        SaveSvg(spec, files[1]);
        SavePdf(spec, files[2]);
        return files;
    }

    /// <summary>PNG at <see cref="PngScale"/>× the chart's size, without Plotly's toolbar.</summary>
    public static void SavePng(ChartSpec spec, string path) =>
        WithPage(spec, "", (browser, page, work) =>
        {
            var shot = Path.Combine(work, "chart.png");
            Run(browser, work, spec.Title, $"--window-size={spec.Width},{spec.Height}", $"--force-device-scale-factor={PngScale}",
                $"--screenshot={shot}", page);
            Publish(shot, path, browser);
        });

    /// <summary>SVG: plotly.js draws the chart and exports it as vector graphics, read back from the page.</summary>
    public static void SaveSvg(ChartSpec spec, string path) =>
        WithPage(spec,
            $"window.Plotly.toImage(gd, {{format: 'svg', width: {spec.Width}, height: {spec.Height}}}).then(function (url) {{ " +
            "var pre = document.createElement('pre'); pre.id = 'eenet-svg'; pre.textContent = " +
            "decodeURIComponent(url.substring(url.indexOf(',') + 1)); document.body.appendChild(pre); });",
            (browser, page, work) =>
            {
                var dom = Run(browser, work, spec.Title, "--dump-dom", page);
                var match = Regex.Match(dom, "<pre id=\"eenet-svg\">(.*?)</pre>", RegexOptions.Singleline);
                if (!match.Success) throw new InvalidOperationException($"{browser} did not export '{spec.Title}' as SVG.");
                Runs.AtomicFile.WriteText(path, WebUtility.HtmlDecode(match.Groups[1].Value));
            });

    /// <summary>PDF through Chromium's print to PDF (the chart stays vector).</summary>
    public static void SavePdf(ChartSpec spec, string path) =>
        WithPage(spec, "", (browser, page, work) =>
        {
            var pdf = Path.Combine(work, "chart.pdf");
            Run(browser, work, spec.Title, "--no-pdf-header-footer", $"--print-to-pdf={pdf}", page);
            Publish(pdf, path, browser);
        });

    private static void WithPage(ChartSpec spec, string afterDraw, Action<string, string, string> export)
    {
        var browser = FindBrowser() ?? throw new InvalidOperationException(
            "No Chromium found for PNG / SVG / PDF export (looked for /usr/bin/chromium and others). Install it (Debian: 'apt-get " +
            $"install chromium') or set {BrowserVariable}; the HTML and JSON figures do not need it.");
        var work = Path.Combine(Path.GetTempPath(), "eenet-export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var page = Path.Combine(work, "chart.html");
            File.WriteAllText(page, "<!DOCTYPE html>\n<html><head><meta " +
                "charset=\"utf-8\"><style>body{margin:0;background:white}</style></head><body>\n" +
                ChartRenderer.PlotlyScriptHtml(note: false) + ChartRenderer.Html(spec, forPrint: true, afterDraw) + "\n</body></html>\n");
            export(browser, new Uri(page).AbsoluteUri, work);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { /* a browser helper may still hold a file */ }
        }
    }

    /// <summary>Runs headless Chromium on the page with the given options; returns what it printed on standard output.</summary>
    public static string Run(string browser, string work, string title, params string[] options)
    {
        var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "--headless", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-quic", $"--user-data-dir={Path.Combine(work, "profile")}",
                     "--virtual-time-budget=10000",
                 }.Concat(options))
        {
            start.ArgumentList.Add(arg);
        }
        if (Environment.UserName == "root") start.ArgumentList.Insert(0, "--no-sandbox"); // Chromium refuses to run as root otherwise
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{browser} did not finish exporting '{title}' within 60 s.");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException(
            $"{browser} failed exporting '{title}' (exit {process.ExitCode}): {stderr.Result.Trim()}");
        return stdout.Result;
    }

    private static void Publish(string produced, string path, string browser)
    {
        if (!File.Exists(produced)) throw new InvalidOperationException($"{browser} wrote no {Path.GetExtension(path)} file.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Move(produced, path, overwrite: true);
    }
}
