namespace EENet.Repro.Charts;

/// <summary>How a series is drawn.</summary>
public enum SeriesKind { Line, LineMarkers, Markers, Bar, Histogram }

/// <summary>
/// One series of a chart, as plain data. For <see cref="SeriesKind.Histogram"/>, <see cref="Y"/> holds the values
/// and <see cref="X"/> is ignored; for bars, <see cref="Labels"/> (when given) name the categories.
/// </summary>
public sealed record Series(string Name, double[] X, double[] Y, SeriesKind Kind = SeriesKind.LineMarkers,
    double[]? YError = null, string[]? Labels = null, string[]? HoverText = null);

/// <summary>A chart as plain data: what the kit's code builds, and what a renderer turns into a Plotly figure.</summary>
public sealed record ChartSpec(string Title, string XTitle, string YTitle, IReadOnlyList<Series> Series,
    int Width = 760, int Height = 440, bool Stacked = false);

/// <summary>
/// Implemented by the Plotly.NET plugin, which runs in its own load context (it needs a newer FSharp.Core than
/// notebook kernels ship). Only strings and the records above cross the boundary.
/// </summary>
public interface IChartRenderer
{
    /// <summary>The plotly figure ({"data": …, "layout": …}) as JSON.</summary>
    string FigureJson(ChartSpec spec);

    /// <summary>The plotly.js library that Plotly.NET ships, so charts render offline.</summary>
    string PlotlyJs();

    /// <summary>The plotly.js version of <see cref="PlotlyJs"/>.</summary>
    string PlotlyJsVersion { get; }
}
