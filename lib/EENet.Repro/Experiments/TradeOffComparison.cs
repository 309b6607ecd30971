using System.Globalization;

namespace EENet.Repro.Experiments;

/// <summary>
/// Compares the accuracy-cost trade-offs of several configurations trained on the same data over the same seeds (RQ3's
/// exit types, RQ4's distributions). Per seed, on a common footing: the mean accuracy over the cost range every
/// configuration covers (area under the curve from the highest of their lowest costs to 1, divided by its width), and
/// the cost at which each reaches the accuracy of the weakest configuration's last exit (within 1 point). Comparisons are
/// paired by seed.
/// </summary>
public sealed record TradeOffComparison(string Group, IReadOnlyList<string> Labels, long[] Seeds, double[][] Area, double[][] IsoCost)
{
    public const string AreaText = "mean accuracy over the common cost range (area under the accuracy-cost curve / range)";
    public const string IsoCostText = "cost at iso-accuracy (within 1 point of the weakest configuration's last-exit accuracy)";

    public static TradeOffComparison Of(string group, IReadOnlyList<ConfigSummary> summaries)
    {
        var seeds = summaries.Select(s => s.Seeds).Aggregate((a, b) => a.Intersect(b).ToArray()).Order().ToArray();
        var area = summaries.Select(_ => new double[seeds.Length]).ToArray();
        var iso = summaries.Select(_ => new double[seeds.Length]).ToArray();
        for (var j = 0; j < seeds.Length; j++)
        {
            var curves = summaries.Select(s => s.Curves[Array.IndexOf(s.Seeds, seeds[j])]).ToList();
            var from = curves.Max(c => c.MinCost);
            var reference = curves.Min(c => c.FullAccuracy);
            for (var i = 0; i < curves.Count; i++)
            {
                area[i][j] = curves[i].MeanAccuracy(from, 1.0);
                iso[i][j] = curves[i].CostAtIsoAccuracy(reference);
            }
        }
        return new TradeOffComparison(group, summaries.Select(s => s.Label).ToList(), seeds, area, iso);
    }

    public Stat AreaOf(string label) => Stat.Share(Area[Index(label)]);
    public Stat IsoCostOf(string label) => Stat.Share(IsoCost[Index(label)]);

    /// <summary>A vs B on the area (higher is better).</summary>
    public PairedComparison CompareArea(string a, string b) => PairedComparison.Of(a, b, Area[Index(a)], Area[Index(b)]);

    /// <summary>A vs B on the cost at iso-accuracy (lower is better, so "A better" means A is cheaper).</summary>
    public PairedComparison CompareIsoCost(string a, string b) =>
        PairedComparison.Of(a, b, IsoCost[Index(a)].Select(v => -v).ToArray(), IsoCost[Index(b)].Select(v => -v).ToArray());

    /// <summary>The labels ranked by mean area, best first.</summary>
    public IReadOnlyList<string> Ranking => Labels.OrderByDescending(l => AreaOf(l).Mean).ToList();

    public IEnumerable<string[]> Rows(Func<string, string> name) => Labels.Select(l => new[]
    {
        Group, name(l), AreaOf(l).Format("F4"), AreaOf(l).Interval("F4"), AreaOf(l).PerSeed("F4"), IsoCostOf(l).Format("F3"),
            IsoCostOf(l).Interval("F3"),
    });

    public static readonly string[] Header =
        ["group", "configuration", "area (mean ± std)", "area 95 % CI", "area per seed", "iso-accuracy cost", "cost 95 % CI"];

    private int Index(string label)
    {
        var i = Labels.ToList().IndexOf(label);
        return i >= 0 ? i : throw new KeyNotFoundException($"No configuration '{label}' in {Group}.");
    }

    public override string ToString() =>
        string.Join(", ", Labels.Select(l => $"{l}: {AreaOf(l).Mean.ToString("F4", CultureInfo.InvariantCulture)}"));
}
