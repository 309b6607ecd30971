using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;

namespace EENet.Repro.Charts;

/// <summary>
/// Renders chart descriptions with Plotly.NET into HTML that works offline and inside notebook kernels. Plotly.NET
/// needs FSharp.Core 10.1, newer than the one the dotnet-interactive kernel ships, so the Plotly code lives in a
/// plugin (charts/EENet.Repro.Charts.Plotly.dll, copied there by the build) loaded into its own load context with
/// its own FSharp.Core; only strings and the records of EENet.Repro.Charts.Abstractions cross over.
/// </summary>
public static class ChartRenderer
{
    public const string PluginFolder = "charts";
    private const string PluginAssembly = "EENet.Repro.Charts.Plotly";
    private const string PluginType = "EENet.Repro.Charts.Plotly.PlotlyChartRenderer";
    private static readonly Lazy<IChartRenderer> Plugin = new(LoadPlugin);
    private static readonly Lazy<string> Script =
        new(() => Plugin.Value.PlotlyJs().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase));

    public static IChartRenderer Renderer => Plugin.Value;

    /// <summary>
    /// plotly.js inline, once per page (a notebook's first output): a guard skips it when Plotly is already there, and
    /// AMD's define is hidden while it loads, so pages with require.js (Jupyter) still get a global Plotly.
    /// </summary>
    public static string PlotlyScriptHtml(bool note = true) =>
        $"<script type=\"text/javascript\">if (!window.Plotly) {{ (function (define, module, exports) " +
        $"{{\n{Script.Value}\n}}).call(window); }}</script>" +
        (note ? $"<div style=\"font-size:small;color:gray\">plotly.js {Plugin.Value.PlotlyJsVersion} loaded inline (charts work " +
            $"offline).</div>" : "");

    /// <summary>
    /// A chart as an HTML fragment; it draws as soon as plotly.js is on the page (see <see cref="PlotlyScriptHtml"/>).
    /// <paramref name="forPrint"/>: no toolbar (mode bar), fixed size, for PNG / SVG / PDF export. <paramref name="afterDraw"/>:
    /// JavaScript run with the drawn chart's element as <c>gd</c>.
    /// </summary>
    public static string Html(ChartSpec spec, bool forPrint = false, string afterDraw = "")
    {
        var id = "eenet-" + Guid.NewGuid().ToString("N");
        var json = Plugin.Value.FigureJson(spec);
        var config = forPrint ? "{displayModeBar: false, staticPlot: true}" : "{responsive: true}";
        return string.Create(CultureInfo.InvariantCulture,
            $"<div id=\"{id}\" class=\"eenet-chart\" style=\"width:{spec.Width}px;height:{spec.Height}px\"></div>" +
            $"<script type=\"text/javascript\">(function () {{ var fig = {json}; var tries = 0; " +
            $"function draw() {{ if (window.Plotly) {{ window.Plotly.newPlot('{id}', fig.data, fig.layout, {config})" +
            $".then(function (gd) {{ gd.setAttribute('data-drawn', 'yes'); {afterDraw} }}); }} " +
            $"else if (tries++ < 200) {{ setTimeout(draw, 50); }} }} draw(); }})();</script>");
    }

    /// <summary>A whole page with plotly.js inline (opens offline in any browser), written atomically.</summary>
    public static string StandaloneHtml(ChartSpec spec) =>
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + System.Net.WebUtility.HtmlEncode(spec.Title)
            + "</title></head><body>\n" +
        PlotlyScriptHtml() + "\n" + Html(spec) + "\n</body></html>\n";

    public static void SaveHtml(ChartSpec spec, string path) => Runs.AtomicFile.WriteText(path, StandaloneHtml(spec));

    /// <summary>The figure as plotly JSON ({"data", "layout"}), e.g. to save next to results.</summary>
    public static string FigureJson(ChartSpec spec) => Plugin.Value.FigureJson(spec);

    private static IChartRenderer LoadPlugin()
    {
        var here = Path.GetDirectoryName(typeof(ChartRenderer).Assembly.Location) ?? AppContext.BaseDirectory;
        var folder = Path.Combine(here, PluginFolder);
        var path = Path.Combine(folder, PluginAssembly + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The chart plugin is missing: {path}. It is copied there when EENet.Repro builds; run 'dotnet build lib/EENet.Repro' " +
                $"(the notebooks' first cell does).", path);
        }
        var context = new PluginLoadContext(folder);
        var assembly = context.LoadFromAssemblyPath(path);
        var type = assembly.GetType(PluginType, throwOnError: true)!;
        return (IChartRenderer)Activator.CreateInstance(type)!;
    }

    /// <summary>Resolves the plugin's own files first (FSharp.Core 10.1, Plotly.NET); the interface assembly is shared.</summary>
    private sealed class PluginLoadContext(string folder) : AssemblyLoadContext("EENet.Repro.Charts", isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            // The same copy the facade uses, whatever context loaded it (a notebook kernel's #r is not Default).
            if (name.Name == typeof(IChartRenderer).Assembly.GetName().Name) return typeof(IChartRenderer).Assembly;
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
