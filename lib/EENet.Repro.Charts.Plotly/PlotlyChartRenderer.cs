using System.Globalization;
using System.Text.Json.Nodes;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace EENet.Repro.Charts.Plotly;

/// <summary>
/// Builds Plotly.NET charts from the kit's chart descriptions. Traces come from Plotly.NET; title, axes, size, bar
/// mode and error bars are set on the figure JSON (Plotly.NET's F# optional parameters are not optional from C#).
/// Loaded by EENet.Repro's ChartRenderer in its own load context.
/// </summary>
public sealed class PlotlyChartRenderer : IChartRenderer
{
    private const string Resource = "Plotly.NET.plotly-2.28.0.min.js";

    public string PlotlyJsVersion => "2.28.0";

    public string FigureJson(ChartSpec spec)
    {
        var traces = spec.Series.Select(Trace).ToList();
        var chart = traces.Count == 1 ? traces[0] : CSharpChart.Combine(traces);
        var figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
        var data = figure["data"]!.AsArray();
        for (var i = 0; i < spec.Series.Count && i < data.Count; i++)
        {
            if (spec.Series[i].YError is { } error)
            {
                data[i]!["error_y"] = new JsonObject { ["type"] = "data", ["visible"] = true, ["array"] =
                    new JsonArray(error.Select(e => (JsonNode?)e).ToArray()) };
            }
            if (spec.Series[i].HoverText is { } text)
            {
                data[i]!["text"] = new JsonArray(text.Select(t => (JsonNode?)t).ToArray());
            }
        }
        var layout = figure["layout"] as JsonObject ?? new JsonObject();
        layout["title"] = new JsonObject { ["text"] = spec.Title };
        layout["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = spec.XTitle } };
        layout["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = spec.YTitle } };
        layout["width"] = spec.Width;
        layout["height"] = spec.Height;
        if (spec.Stacked) layout["barmode"] = "stack";
        else if (spec.Series.Any(s => s.Kind == SeriesKind.Histogram)) layout["barmode"] = "overlay";
        figure["layout"] = layout;
        return figure.ToJsonString();
    }

    public string PlotlyJs()
    {
        using var stream = typeof(GenericChart).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Plotly.NET no longer embeds {Resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static GenericChart Trace(Series s) => s.Kind switch
    {
        SeriesKind.Line => CSharpChart.Line<double, double, string>(x: s.X, y: s.Y, Name: s.Name, ShowMarkers: false),
        SeriesKind.LineMarkers => CSharpChart.Line<double, double, string>(x: s.X, y: s.Y, Name: s.Name, ShowMarkers: true),
        SeriesKind.Markers => CSharpChart.Point<double, double, string>(x: s.X, y: s.Y, Name: s.Name),
        SeriesKind.Bar => CSharpChart.Column<double, string, string>(values: s.Y,
            Keys: s.Labels ?? s.X.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(), Name: s.Name),
        SeriesKind.Histogram => CSharpChart.Histogram<double, double, string>(X: s.Y, Name: s.Name, Opacity: 0.6),
        _ => throw new ArgumentOutOfRangeException(nameof(s), s.Kind, "unknown series kind"),
    };
}
