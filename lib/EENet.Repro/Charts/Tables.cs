using System.Net;
using System.Text;
using EENet.Repro.Experiments;
using Microsoft.Data.Analysis;

namespace EENet.Repro.Charts;

/// <summary>
/// Tables for notebooks and reports: Microsoft.Data.Analysis DataFrames, and their HTML (a notebook shows that HTML once,
/// formatted, instead of the kernel's object tree of a DataFrame).
/// </summary>
public static class Tables
{
    public static DataFrame ToDataFrame(string[] header, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        return new DataFrame(header.Select((name, i) =>
            (DataFrameColumn)new StringDataFrameColumn(name, list.Select(r => i < r.Length ? r[i] : ""))));
    }

    /// <summary>The paper-check table of an experiment as a DataFrame.</summary>
    public static DataFrame PaperChecks(ExperimentResult result) => ToDataFrame(ExperimentResult.CheckHeader, result.CheckRows());

    public static DataFrame Summary(ExperimentResult result) => ToDataFrame(ExperimentResult.SummaryHeader, result.SummaryRows());

    public static DataFrame Configurations(ExperimentResult result) =>
        ToDataFrame(ExperimentResult.ConfigurationHeader, ExperimentResult.ConfigurationRows(result.Configurations));

    public static DataFrame ToDataFrame(ResultTable table) => ToDataFrame(table.Header, table.Rows);

    /// <summary>A result table with its title and note, as HTML.</summary>
    public static string Html(ResultTable table) =>
        $"<h4>{WebUtility.HtmlEncode(table.Title)}</h4>" + Html(ToDataFrame(table)) +
        (table.Note is null ? "" : $"<p style=\"font-size:small;color:#555\">{WebUtility.HtmlEncode(table.Note)}</p>");

    public static string Html(DataFrame frame)
    {
        var html = new StringBuilder("<table class=\"eenet-table\"><thead><tr>");
        foreach (var column in frame.Columns) html.Append("<th style=\"text-align:left\">").Append(
            WebUtility.HtmlEncode(column.Name)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            html.Append("<tr>");
            foreach (var column in frame.Columns)
            {
                var text = column[r]?.ToString() ?? "";
                html.Append("<td style=\"text-align:left;").Append(VerdictStyle(text)).Append("\">").Append(
                    WebUtility.HtmlEncode(text)).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static string VerdictStyle(string text) => text switch
    {
        "pass" => "color:green;font-weight:bold;",
        "fail" => "color:#c00;font-weight:bold;",
        _ when text.StartsWith("indicative", StringComparison.Ordinal) => "color:#a60;",
        _ when text.StartsWith("not comparable", StringComparison.Ordinal) => "color:gray;",
        _ => "",
    };
}
