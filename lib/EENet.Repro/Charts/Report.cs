using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using EENet.Repro.Experiments;
using EENet.Repro.Runs;

namespace EENet.Repro.Charts;

/// <summary>
/// One self-contained, offline HTML report per research question, readable without the notebook kernel: the notebook's
/// narrative (its markdown cells), the configurations, every chart (plotly.js inline), the tables, the paper-check table
/// with verdicts, the runs, and where they ran. Opens in any browser with no network.
/// </summary>
public static class Report
{
    /// <param name="notebook">The research question's notebook, whose markdown cells are the narrative (optional).</param>
    public static void Write(ExperimentResult result, string file, string? notebook = null) =>
        AtomicFile.WriteText(file, Html(result, notebook));

    public static string Html(ExperimentResult result, string? notebook = null)
    {
        var charts = ExperimentCharts.For(result);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append($"<title>{Encode(result.Experiment.ToUpperInvariant())}: {Encode(result.Question)}</title>")
            .Append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;line-height:1.45;padding:0 1em}")
            .Append("table{border-collapse:collapse;margin:0.5em 0 1em;font-size:14px}td,th{border:1px solid #ccc;padding:3px " +
                "6px;vertical-align:top}")
            .Append("th{background:#f3f3f3}code,pre{background:#f6f6f6}.note{color:#555;font-size:small}</style></head><body>\n")
            .Append(ChartRenderer.PlotlyScriptHtml(note: false)).Append('\n');
        html.Append($"<h1>{Encode(result.Experiment.ToUpperInvariant())}: {Encode(result.Question)}</h1>\n");
        html.Append($"<p><strong>Profile {Encode(result.Profile.Name())}.</strong> {Encode(result.Profile.VerdictScope())}</p>\n");
        html.Append($"<p>{Encode(result.Cuts)}</p>\n");
        html.Append($"<p class=\"note\">{result.Counts.Total} runs ({result.Counts.Cached} from the results cache, " +
                    $"{result.Counts.Trained} trained for this report). Report written {DateTime.UtcNow:u} by EENet.Repro.</p>\n");
        if (notebook is not null && File.Exists(notebook))
        {
            html.Append("<h2>The question, as the notebook tells it</h2>\n<div class=\"narrative\">").Append(
                Narrative(notebook)).Append("</div>\n");
        }
        html.Append("<h2>Configurations</h2>\n").Append(Tables.Html(Tables.Configurations(result)));
        html.Append("<h2>Results</h2>\n").Append(Tables.Html(Tables.Summary(result)));
        foreach (var table in result.Tables) html.Append(Tables.Html(table)).Append('\n');
        html.Append("<h2>Charts</h2>\n");
        foreach (var chart in charts) html.Append(ChartRenderer.Html(chart)).Append('\n');
        html.Append("<h2>Check against the paper</h2>\n")
            .Append("<p class=\"note\">Structural checks (MACs, exit positions and costs) pass or fail in every profile. Statistical " +
                    "checks pass or fail only in the full profile; in quick they are indicative (value, 95 % interval, the direction it " +
                    "points), in smoke not comparable.</p>\n")
            .Append(Tables.Html(Tables.PaperChecks(result)));
        html.Append("<h2>Runs</h2>\n").Append(
            Tables.Html(Tables.ToDataFrame(["configuration", "seed", "kept epoch", "test accuracy", "wall time", "folder"],
            result.Runs.Select(r => new[]
            {
                r.Label, r.Seed.ToString(CultureInfo.InvariantCulture), $"{r.Result.BestEpoch} of {r.Result.Config.Epochs}",
                r.Result.Test.Accuracy.ToString("P2", CultureInfo.InvariantCulture), $"{r.Result.Seconds:F0} s", r.Folder,
            }))));
        html.Append("<h2>Environment</h2>\n<pre>").Append(Encode(Environment(result))).Append("</pre>\n");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>The notebook's markdown cells as HTML, without the cells about loading the kit and its settings.</summary>
    public static string Narrative(string notebook)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(notebook));
        var html = new StringBuilder();
        foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "markdown") continue;
            var source = cell.GetProperty("source");
            var text = source.ValueKind == JsonValueKind.Array ? string.Concat(source.EnumerateArray().Select(s => s.GetString()))
                : source.GetString() ?? "";
            if (text.StartsWith("## Load the kit", StringComparison.Ordinal)
                || text.StartsWith("## Settings", StringComparison.Ordinal)) continue;
            html.Append(Markdown.ToHtml(text));
        }
        return html.ToString();
    }

    private static string Environment(ExperimentResult result)
    {
        var lines = new StringBuilder();
        lines.AppendLine($"report: {RuntimeInformation.OSDescription}, .NET {System.Environment.Version}, " +
            $"{System.Environment.ProcessorCount} cores");
        foreach (var env in result.Runs.Select(r => r.Result.Environment).Where(e => e is not null).DistinctBy(e =>
            (e!.Kit, e.Commit, e.Device, e.Threads, e.Os)))
        {
            lines.AppendLine($"runs: kit {env!.Kit} (commit {env.Commit}), TorchSharp {env.TorchSharp}, libtorch {env.LibTorch}, device " +
                             $"{env.Device}, {env.Threads} thread(s) of {env.Cores} cores, OMP_WAIT_POLICY {env.OmpWaitPolicy}, {env.Os}");
        }
        return lines.ToString();
    }

    private static string Encode(string s) => WebUtility.HtmlEncode(s);
}
