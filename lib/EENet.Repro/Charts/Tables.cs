using System.Net;
using System.Text;
using EENet.Repro.Experiments;
using Microsoft.Data.Analysis;

namespace EENet.Repro.Charts;

/// <summary>Tables for notebooks: Microsoft.Data.Analysis DataFrames, and their HTML (kernels differ in how they show a DataFrame).</summary>
public static class Tables
{
    public static DataFrame ToDataFrame(string[] header, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        return new DataFrame(header.Select((name, i) => (DataFrameColumn)new StringDataFrameColumn(name, list.Select(r => r[i]))));
    }

    /// <summary>The paper-check table of an experiment as a DataFrame.</summary>
    public static DataFrame PaperChecks(ExperimentResult result) => ToDataFrame(ExperimentResult.CheckHeader, result.CheckRows());

    public static DataFrame Summary(ExperimentResult result) => ToDataFrame(ExperimentResult.SummaryHeader, result.SummaryRows());

    public static string Html(DataFrame frame)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var column in frame.Columns) html.Append("<th style=\"text-align:left\">").Append(WebUtility.HtmlEncode(column.Name)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            html.Append("<tr>");
            foreach (var column in frame.Columns)
            {
                var text = column[r]?.ToString() ?? "";
                var color = text switch { "pass" => "color:green;", "fail" => "color:#c00;font-weight:bold;", "not comparable" => "color:gray;", _ => "" };
                html.Append("<td style=\"text-align:left;").Append(color).Append("\">").Append(WebUtility.HtmlEncode(text)).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
