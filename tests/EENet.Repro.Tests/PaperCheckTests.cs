using EENet.Repro.Cli;
using EENet.Repro.Experiments;
using EENet.Repro.Paper;
using Xunit;

namespace EENet.Repro.Tests;

public class PaperCheckTests
{
    private static readonly PaperNumber Accuracy = new(0.9655, "test provenance");

    [Fact]
    public void A_value_within_tolerance_passes_and_one_outside_fails()
    {
        Assert.Equal(Verdict.Pass, PaperChecks.Near("acc", Accuracy, 0.955, 0.004, 0.02, comparable: true).Verdict);
        Assert.Equal(Verdict.Fail, PaperChecks.Near("acc", Accuracy, 0.90, 0.01, 0.02, comparable: true).Verdict);
        Assert.Equal(Verdict.Pass, PaperChecks.AtMost("cost", new PaperNumber(0.2, "p"), 0.24, 0.01, 0.05, true).Verdict);
        Assert.Equal(Verdict.Fail, PaperChecks.AtMost("cost", new PaperNumber(0.2, "p"), 0.26, 0.01, 0.05, true).Verdict);
        Assert.Equal(Verdict.Fail, PaperChecks.Holds("q", "p", false, "r", "c", true).Verdict);
    }

    [Fact]
    public void Smoke_results_are_not_comparable_whatever_their_value()
    {
        Assert.Equal(Verdict.NotComparable, PaperChecks.Near("acc", Accuracy, 0.9655, 0, 0.02, comparable: false).Verdict);
        Assert.Equal(Verdict.NotComparable, PaperChecks.AtMost("cost", new PaperNumber(0.2, "p"), 0.9, 0, 0.05, false).Verdict);
        Assert.Equal(Verdict.NotComparable, PaperChecks.Holds("q", "p", false, "r", "c", false).Verdict);
        Assert.Equal(Verdict.NotComparable, PaperChecks.Near("acc", Accuracy, null, null, 0.02, comparable: true).Verdict);
        Assert.False(Profile.Smoke.ComparableToPaper());
        Assert.True(Profile.Quick.ComparableToPaper());
    }

    [Fact]
    public void Checks_carry_the_papers_value_and_provenance()
    {
        var check = PaperChecks.Near("EENet-8 accuracy", PaperNumbers.Eenet8MnistAccuracy, 0.95, 0.01, 0.02, true);
        Assert.Equal("0.9655", check.PaperValue);
        Assert.Contains("paper summary", check.Provenance);
        Assert.Equal("0.9500 ± 0.0100", check.Reproduced);
        Assert.All(PaperNumbers.RelativeCost.Values, n => Assert.False(string.IsNullOrWhiteSpace(n.Provenance)));
        // The paper's own table is consistent: 47·0.08 + 2247·0.26 + 7706·1.0 over 10,000 is the reported 0.82 (0.829).
        var counts = PaperNumbers.Eenet8MnistExitCounts.Select(c => c.Value).ToArray();
        Assert.Equal(10_000, counts.Sum());
        Assert.Equal(0.82, (counts[0] * 0.08 + counts[1] * 0.26 + counts[2]) / 10_000, 1);
    }

    [Fact]
    public void Profiles_parse_and_resolve()
    {
        Assert.Equal(Profile.Smoke, Profiles.Resolve("smoke"));
        Assert.Contains("smoke, quick, full", Assert.Throws<ArgumentException>(() => Profiles.Parse("medium")).Message);
        Assert.Single(Profiles.Seeds(Profile.Smoke));
        Assert.True(Profiles.Seeds(Profile.Quick).Length >= 3);
        Assert.True(Profiles.Seeds(Profile.Full).Length >= 3);
    }

    [Fact]
    public void Experiment_runner_caches_runs_by_configuration()
    {
        var results = TestData.TempDir();
        var runner = new ExperimentRunner(results, TestData.TempDir());
        var spec = new RunSpec("tiny", "g", new Training.TrainingConfig { Model = "eenet20", Dataset = "synthetic-cifar10", Epochs = 1, TrainLimit = 128, TestLimit = 64, BatchSize = 64, Threads = 1 });
        var first = runner.Run("test", [spec], [1]);
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(first[0].Folder, "result.json"));
        var again = new ExperimentRunner(results, TestData.TempDir()).Run("test", [spec], [1]);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(again[0].Folder, "result.json")));
        Assert.Equal(first[0].Trace.At(0.5).Exits, again[0].Trace.At(0.5).Exits);
        var other = runner.Run("test", [spec with { Config = spec.Config with { Epochs = 2 } }], [1]);
        Assert.NotEqual(first[0].Folder, other[0].Folder);
    }

    [Fact]
    public void Reproduce_rq4_smoke_prints_the_summary_and_check_tables()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Cli.Run(["reproduce", "rq4", "--profile", "smoke", "--results", TestData.TempDir(), "--data-dir", TestData.TempDir()], output, error);
        Assert.True(code == 0, error.ToString());
        var text = output.ToString();
        Assert.Contains("== RQ4", text);
        Assert.Contains("NOT comparable to the paper", text);
        Assert.Contains("quadratic, cifar10", text);
        Assert.Contains("eenet110, pareto, N=2: cost of exit 0", text);
        Assert.Contains("No paper check failed.", text);
    }

    [Fact]
    public void Reproduce_quick_without_mnist_says_how_to_fetch_it()
    {
        var error = new StringWriter();
        var code = Cli.Cli.Run(["reproduce", "rq1", "--profile", "quick", "--results", TestData.TempDir(), "--data-dir", TestData.TempDir()], new StringWriter(), error);
        Assert.Equal(2, code);
        Assert.Contains("dotnet run --project data-scripts -- fetch mnist", error.ToString());
    }
}

public class ChartTests
{
    private static Charts.ChartSpec Spec() => new("a chart", "x", "y",
    [
        new Charts.Series("line", [0, 1, 2], [1, 3, 2], Charts.SeriesKind.LineMarkers, YError: [0.1, 0.2, 0.3]),
        new Charts.Series("bars", [0, 1, 2], [2, 1, 2], Charts.SeriesKind.Bar, Labels: ["a", "b", "c"]),
    ]);

    [Fact]
    public void Charts_render_through_plotly_net_in_their_own_load_context()
    {
        var json = System.Text.Json.JsonDocument.Parse(Charts.ChartRenderer.FigureJson(Spec())).RootElement;
        Assert.Equal(2, json.GetProperty("data").GetArrayLength());
        Assert.Equal("a chart", json.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(0.2, json.GetProperty("data")[0].GetProperty("error_y").GetProperty("array")[1].GetDouble());
        var plugin = Charts.ChartRenderer.Renderer.GetType().Assembly;
        Assert.NotEqual(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(plugin));
        Assert.StartsWith("2.28", Charts.ChartRenderer.Renderer.PlotlyJsVersion);
    }

    [Fact]
    public void Standalone_html_carries_plotly_js_and_needs_no_network()
    {
        var html = Charts.ChartRenderer.StandaloneHtml(Spec());
        Assert.StartsWith("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">", html);
        Assert.Contains("plotly.js v2.28.0", html);
        Assert.DoesNotContain("<script src", html); // nothing is fetched: plotly.js is inline
        Assert.True(html.Length > 3_000_000);
    }

    [Fact]
    public void Png_export_uses_chromium()
    {
        // .ci/run installs Debian's chromium; without it this is a failure, not a skip.
        Assert.True(Charts.StaticImage.FindBrowser() is not null, "no Chromium: run 'apt-get install chromium' (.ci/run does)");
        var path = Path.Combine(TestData.TempDir(), "chart.png");
        Charts.StaticImage.SavePng(Spec(), path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        using var bitmap = SkiaSharp.SKBitmap.Decode(bytes);
        Assert.Equal(Spec().Width, bitmap.Width);
        // Something was drawn: not a blank page.
        var colours = Enumerable.Range(0, 200).Select(i => bitmap.GetPixel(i * bitmap.Width / 200, bitmap.Height / 2)).Distinct().Count();
        Assert.True(colours > 3, $"the screenshot looks blank ({colours} colours on the middle row)");
    }
}
