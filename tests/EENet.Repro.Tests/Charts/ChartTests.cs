using System.Diagnostics;
using System.Text.Json;
using EENet.Repro.Charts;
using Xunit;

namespace EENet.Repro.Tests;

public class ChartTests
{
    private static ChartSpec Spec() => new("a chart", "x (unit)", "y (unit)",
    [
        new Series("line", [0, 1, 2], [1, 3, 2], SeriesKind.LineMarkers, YError: [0.1, 0.2, 0.3]),
        new Series("bars", [0, 1, 2], [2, 1, 2], SeriesKind.Bar, Labels: ["a", "b", "c"]),
    ]);

    [Fact]
    public void Charts_render_through_plotly_net_in_their_own_load_context()
    {
        var json = JsonDocument.Parse(ChartRenderer.FigureJson(Spec())).RootElement;
        Assert.Equal(2, json.GetProperty("data").GetArrayLength());
        Assert.Equal("a chart", json.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("x (unit)", json.GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(0.2, json.GetProperty("data")[0].GetProperty("error_y").GetProperty("array")[1].GetDouble());
        var plugin = ChartRenderer.Renderer.GetType().Assembly;
        Assert.NotEqual(System.Runtime.Loader.AssemblyLoadContext.Default,
            System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(plugin));
        Assert.StartsWith("2.28", ChartRenderer.Renderer.PlotlyJsVersion);
    }

    [Fact]
    public void Standalone_html_carries_plotly_js_and_needs_no_network()
    {
        var html = ChartRenderer.StandaloneHtml(Spec());
        Assert.StartsWith("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">", html);
        Assert.Contains("plotly.js v2.28.0", html);
        Assert.DoesNotContain("<script src", html); // nothing is fetched: plotly.js is inline
        Assert.True(html.Length > 3_000_000);
    }

    [Fact]
    public void Figures_export_for_print_as_png_at_twice_the_size_svg_and_pdf_without_the_toolbar()
    {
        // .ci/run installs Debian's chromium; without it this is a failure, not a skip.
        Assert.True(StaticImage.FindBrowser() is not null, "no Chromium: run 'apt-get install chromium' (.ci/run does)");
        var stem = Path.Combine(TestData.TempDir(), "chart");
        var files = StaticImage.SaveAll(Spec(), stem);
        var png = File.ReadAllBytes(files[0]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal(Spec().Width * StaticImage.PngScale, bitmap.Width);
        var colours = Enumerable.Range(0, 200).Select(i => bitmap.GetPixel(i * bitmap.Width / 200, bitmap.Height / 2)).Distinct().Count();
        Assert.True(colours > 3, $"the image looks blank ({colours} colours on the middle row)");
        // No mode bar: the top right corner, where Plotly's toolbar icons sit, is plain background.
        var corner = Enumerable.Range(0, 40).SelectMany(x =>
            Enumerable.Range(0, 30).Select(y => bitmap.GetPixel(bitmap.Width - 1 - x * 6, y * 2))).Distinct().Count();
        Assert.True(corner <= 2, $"the toolbar seems drawn ({corner} colours in the top right corner)");
        var svg = File.ReadAllText(files[1]);
        Assert.StartsWith("<svg", svg.TrimStart());
        Assert.Contains("a chart", svg);
        var pdf = File.ReadAllBytes(files[2]);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
    }
}
