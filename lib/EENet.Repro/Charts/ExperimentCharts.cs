using System.Globalization;
using EENet.Repro.Cost;
using EENet.Repro.Experiments;
using EENet.Repro.Paper;

namespace EENet.Repro.Charts;

/// <summary>The charts the notebooks and the CLI show, built from experiment results (plain data, no Plotly types).</summary>
public static class ExperimentCharts
{
    private static string ExitName(int k, int numExits) => k == numExits - 1 ? "last exit" : $"exit {k}";

    /// <summary>Test examples per exit for each configuration (mean over seeds, ± std), stacked.</summary>
    public static ChartSpec ExitHistogram(ExperimentResult result, string? group = null)
    {
        var summaries = result.Summaries.Where(s => group is null || s.Group == group).ToList();
        var numExits = summaries.Max(s => s.ExitCounts.Length);
        var labels = summaries.Select(s => s.Label).ToArray();
        var series = Enumerable.Range(0, numExits).Select(k => new Series(ExitName(k, numExits),
            new double[labels.Length],
            summaries.Select(s => k < s.ExitCounts.Length ? s.ExitCounts[k].Mean : 0).ToArray(),
            SeriesKind.Bar,
            YError: summaries.Select(s => k < s.ExitCounts.Length ? s.ExitCounts[k].Std : 0).ToArray(),
            Labels: labels)).ToList();
        return new ChartSpec($"{result.Experiment.ToUpperInvariant()}: test examples per exit at T = 0.5 ({result.Profile.Name()} profile)",
            "configuration", "test examples (mean over seeds)", series, Stacked: true);
    }

    /// <summary>Accuracy against average cost over thresholds T, per configuration of a group, with the paper's claim marked.</summary>
    public static ChartSpec AccuracyCostCurve(ExperimentResult result, string group)
    {
        var series = new List<Series>();
        foreach (var s in result.Summaries.Where(s => s.Group == group))
        {
            if (s.Description.Exits.Count == 0)
            {
                series.Add(new Series($"{s.Label} (no early exit)", [1.0], [s.Accuracy.Mean], SeriesKind.Markers, YError: [s.Accuracy.Std]));
                continue;
            }
            series.Add(new Series($"{s.Label}, T from 0 to 1", s.Curve.Select(c => c.Cost.Mean).ToArray(), s.Curve.Select(c => c.Accuracy.Mean).ToArray(),
                SeriesKind.LineMarkers, YError: s.Curve.Select(c => c.Accuracy.Std).ToArray()));
            series.Add(new Series($"{s.Label}, T = 0.5", [s.AverageCost.Mean], [s.Accuracy.Mean], SeriesKind.Markers, YError: [s.Accuracy.Std]));
        }
        if (PaperNumbers.RelativeCost.TryGetValue(group, out var paper) && result.Summaries.FirstOrDefault(s => s.Group == group && s.Description.Exits.Count == 0) is { } plain)
        {
            series.Add(new Series($"paper: cost {paper.Value:0.##} at similar accuracy", [paper.Value], [plain.Accuracy.Mean], SeriesKind.Markers));
        }
        return new ChartSpec($"{group}: accuracy vs average relative cost ({result.Profile.Name()} profile)", "average relative cost", "test accuracy", series);
    }

    /// <summary>Accuracy against cost at T = 0.5, one point per configuration (RQ3, RQ4).</summary>
    public static ChartSpec TradeOff(ExperimentResult result, string? group = null) => new(
        $"{result.Experiment.ToUpperInvariant()}: accuracy vs average cost at T = 0.5 ({result.Profile.Name()} profile)",
        "average relative cost", "test accuracy",
        result.Summaries.Where(s => group is null || s.Group == group).Select(s =>
            new Series(s.Label, [s.AverageCost.Mean], [s.Accuracy.Mean], SeriesKind.Markers, YError: [s.Accuracy.Std])).ToList());

    /// <summary>Distribution of each early exit's confidence h over the test set (one run).</summary>
    public static ChartSpec Confidences(RunRecord run) => new(
        $"{run.Label}, seed {run.Seed}: confidence per early exit (T = 0.5 decides)", "confidence h", "test examples",
        run.Trace.Confidences.Select((h, k) => new Series($"exit {k}", [], h.Select(v => (double)v).ToArray(), SeriesKind.Histogram)).ToList());

    /// <summary>Relative cost of each exit per distribution (RQ4's placements; no training).</summary>
    public static ChartSpec Placements(IEnumerable<ModelDescription> placements, string model) => new(
        $"{model}: relative cost of each early exit by distribution", "early exit", "relative cost (backbone MACs / plain MACs)",
        placements.Where(p => p.Model == model).Select(p => new Series(p.Distribution,
            p.Exits.Select(e => (double)e.Index).ToArray(), p.Exits.Select(e => e.Cost).ToArray(), SeriesKind.LineMarkers,
            HoverText: p.Exits.Select(e => e.Position).ToArray())).ToList());

    /// <summary>File-name-safe form of a chart title.</summary>
    public static string FileName(string title) =>
        new string(title.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Replace("--", "-").Trim('-') is var s && s.Length > 80 ? s[..80] : s;

    /// <summary>
    /// Writes each chart into <paramref name="folder"/> as a standalone HTML page (opens offline), plotly JSON, and a
    /// PNG when a Chromium is installed (otherwise one line says so). Returns the files written.
    /// </summary>
    public static List<string> Save(IEnumerable<ChartSpec> charts, string folder)
    {
        var written = new List<string>();
        var browser = StaticImage.FindBrowser();
        foreach (var chart in charts)
        {
            var name = FileName(chart.Title);
            var html = Path.Combine(folder, name + ".html");
            ChartRenderer.SaveHtml(chart, html);
            var json = Path.Combine(folder, name + ".json");
            File.WriteAllText(json, ChartRenderer.FigureJson(chart));
            written.Add(html);
            written.Add(json);
            if (browser is not null)
            {
                var png = Path.Combine(folder, name + ".png");
                StaticImage.SavePng(chart, png);
                written.Add(png);
            }
        }
        if (browser is null) written.Add($"(no PNG: no Chromium found; install 'chromium' or set {StaticImage.BrowserVariable})");
        return written;
    }
}
