using EENet.Repro.Experiments;

namespace EENet.Repro.Charts;

/// <summary>
/// What the notebooks display, as HTML strings: every table once, formatted. Only strings cross into notebook cells (no
/// DataFrame), so a cell's compilation never has to resolve Microsoft.Data.Analysis, whose references make the
/// Jupyter kernel print CS1701 warnings under every later cell.
/// </summary>
public static class NotebookView
{
    public static string PlotlyScript() => ChartRenderer.PlotlyScriptHtml();

    public static string Chart(ChartSpec chart) => ChartRenderer.Html(chart);

    public static string Configurations(ExperimentResult result) => Configurations(result.Configurations);

    /// <summary>A research question's configurations, before anything runs.</summary>
    public static string Configurations(IReadOnlyList<RunSpec> specs) =>
        Tables.Html(Tables.ToDataFrame(ExperimentResult.ConfigurationHeader, ExperimentResult.ConfigurationRows(specs)));

    public static string Summary(ExperimentResult result) => Tables.Html(Tables.Summary(result));

    /// <summary>The research question's own tables (per-seed exit use, comparisons, rankings).</summary>
    public static string ResultTables(ExperimentResult result) => string.Concat(result.Tables.Select(Tables.Html));

    public static string Table(ResultTable table) => Tables.Html(table);

    public static string Checks(ExperimentResult result) =>
        $"<p style=\"font-size:small;color:#555\">{System.Net.WebUtility.HtmlEncode(result.Profile.VerdictScope())}</p>"
            + Tables.Html(Tables.PaperChecks(result));
}
