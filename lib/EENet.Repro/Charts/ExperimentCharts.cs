using System.Globalization;
using EENet.Repro.Cost;
using EENet.Repro.Experiments;
using EENet.Repro.Paper;

namespace EENet.Repro.Charts;

/// <summary>
/// The charts the notebooks, the command line and the report show, built from experiment results (plain data, no Plotly types).
/// </summary>
public static class ExperimentCharts
{
    public const string CostAxis = "average relative cost (fraction of the plain ResNet's MACs)";
    public const string AccuracyAxis = "test accuracy (fraction of test examples)";

    private static string ExitName(int k, int numExits) => k == numExits - 1 ? "last exit" : $"exit {k}";

    /// <summary>Every chart of a research question, in the order the notebook and the report show them.</summary>
    public static List<ChartSpec> For(ExperimentResult result)
    {
        var charts = new List<ChartSpec> { ExitHistogram(result) };
        switch (result.Experiment)
        {
            case "rq1":
                charts.AddRange(result.Runs.GroupBy(r => r.Label).Select(g => Confidences(g.OrderBy(r => r.Seed).First())).Take(1));
                break;
            case "rq2":
            case "rq3":
                charts.AddRange(result.Summaries.Select(s => s.Group).Distinct().Select(g => AccuracyCostCurve(result, g)));
                break;
            case "rq4":
                charts.AddRange(result.Summaries.Select(s => s.Group).Distinct().Select(g => AccuracyCostCurve(result, g)));
                charts.AddRange(result.Placements.Select(p => p.Model).Distinct().Select(m => Placements(result.Placements, m.ToString())));
                break;
        }
        return charts;
    }

    /// <summary>Share of the test set at each exit, per configuration and seed (stacked): a dead exit of one seed shows.</summary>
    public static ChartSpec ExitHistogram(ExperimentResult result, string? group = null)
    {
        var summaries = result.Summaries.Where(s => group is null || s.Group == group).ToList();
        var numExits = summaries.Max(s => s.ExitCounts.Length);
        var bars = summaries.SelectMany(s => s.ExitUse.Select((u, i) => (Label: $"{s.Label} · seed {s.Seeds[i]}", Use: u))).ToList();
        var series = Enumerable.Range(0, numExits).Select(k => new Series(ExitName(k, numExits),
            new double[bars.Count],
            bars.Select(b => k < b.Use.Shares.Length ? b.Use.Shares[k] : 0).ToArray(),
            SeriesKind.Bar, Labels: bars.Select(b => b.Label).ToArray())).ToList();
        return new ChartSpec($"{result.Experiment.ToUpperInvariant()}: share of test examples per exit, per seed, at T = 0.5 " +
            $"({result.Profile.Name()} profile)",
            "configuration · seed", "share of the test set", series, Stacked: true, Height: Math.Max(440, 360 + 6 * bars.Count));
    }

    /// <summary>
    /// Accuracy against average cost over thresholds T (mean over seeds, error bars the std), per configuration of a group;
    /// a plain ResNet as a horizontal line at its accuracy, and the paper's point labelled with its source.
    /// </summary>
    public static ChartSpec AccuracyCostCurve(ExperimentResult result, string group)
    {
        var series = new List<Series>();
        var members = result.Summaries.Where(s => s.Group == group).ToList();
        foreach (var s in members)
        {
            if (!s.HasEarlyExits)
            {
                series.Add(new Series($"{s.Label} (no early exit): {s.Accuracy.Percent()}", [0, 1],
                    [s.Accuracy.Mean, s.Accuracy.Mean], SeriesKind.Line));
                continue;
            }
            var (costs, accuracies, std) = s.MeanCurve();
            series.Add(new Series($"{s.Label}, T from 0 to 1", costs, accuracies, SeriesKind.LineMarkers, YError: std,
                HoverText: s.Curves[0].Thresholds.Select(t => $"T = {t.ToString("F2", CultureInfo.InvariantCulture)}").ToArray()));
        }
        var dataset = group.Split(',')[0];
        if (PaperNumbers.RelativeCost.TryGetValue(dataset, out var paper) && members.FirstOrDefault(s => !s.HasEarlyExits) is { } plain)
        {
            series.Add(new Series($"paper: cost {paper.Value:0.##} at its ResNet's accuracy (third-party summary)",
                [paper.Value], [plain.Accuracy.Mean],
                SeriesKind.Markers, HoverText: [paper.Source]));
        }
        return new ChartSpec($"{group}: accuracy vs average cost over thresholds T ({result.Profile.Name()} profile)",
            CostAxis, AccuracyAxis, series);
    }

    /// <summary>Accuracy against cost at T = 0.5, one point per configuration.</summary>
    public static ChartSpec TradeOff(ExperimentResult result, string? group = null) => new(
        $"{result.Experiment.ToUpperInvariant()}: accuracy vs average cost at T = 0.5 ({result.Profile.Name()} profile)", CostAxis,
            AccuracyAxis,
        result.Summaries.Where(s => group is null || s.Group == group).Select(s =>
            new Series(s.Label, [s.AverageCost.Mean], [s.Accuracy.Mean], SeriesKind.Markers, YError: [s.Accuracy.Std])).ToList());

    /// <summary>Distribution of each early exit's confidence h over the test set (one run).</summary>
    public static ChartSpec Confidences(RunRecord run) => new(
        $"{run.Label}, seed {run.Seed}: confidence per early exit (a sample leaves where h > 0.5)", "confidence h (0 to 1)",
            "test examples (count)",
        run.Trace.Confidences.Select((h, k) =>
            new Series($"exit {k}", [], h.Select(v => (double)v).ToArray(), SeriesKind.Histogram)).ToList());

    /// <summary>Relative cost of each exit per distribution (RQ4's placements; no training).</summary>
    public static ChartSpec Placements(IEnumerable<ModelDescription> placements, string model) => new(
        $"{model}: relative cost of each early exit by distribution (2 and 4 exits)", "early exit (index)",
        "relative cost (exit MACs / plain ResNet's MACs)",
        placements.Where(p => p.Model.ToString() == model).Select(p => new Series($"{p.Distribution}, N = {p.Exits.Count}",
            p.Exits.Select(e => (double)e.Index).ToArray(), p.Exits.Select(e => e.Cost).ToArray(), SeriesKind.LineMarkers,
            HoverText: p.Exits.Select(e => e.Position).ToArray())).ToList());

    /// <summary>File-name-safe form of a chart title.</summary>
    public static string FileName(string title)
    {
        var s = new string(title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        while (s.Contains("--", StringComparison.Ordinal)) s = s.Replace("--", "-", StringComparison.Ordinal);
        s = s.Trim('-');
        return s.Length > 80 ? s[..80].TrimEnd('-') : s;
    }

    /// <summary>
    /// Writes each chart into <paramref name="folder"/> as a standalone HTML page (opens offline), plotly JSON, and, when a
    /// Chromium is installed, PNG (2×, no toolbar), SVG and PDF for papers and slides. Returns the files written.
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
            Runs.AtomicFile.WriteText(json, ChartRenderer.FigureJson(chart));
            written.Add(html);
            written.Add(json);
            if (browser is not null) written.AddRange(StaticImage.SaveAll(chart, Path.Combine(folder, name)));
        }
        if (browser is null) written.Add($"(no PNG/SVG/PDF: no Chromium found; install 'chromium' or set {StaticImage.BrowserVariable})");
        return written;
    }
}
