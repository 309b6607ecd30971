using EENet.Repro.Cost;
using EENet.Repro.Inference;
using EENet.Repro.Models;

namespace EENet.Repro.Experiments;

/// <summary>One configuration over its seeds at the threshold T: accuracy, cost, exits, and the trade-off curve per seed.</summary>
public sealed record ConfigSummary(string Label, string Group, ModelName Model, string Dataset, long[] Seeds,
    Stat Accuracy, Stat AverageCost, Stat[] ExitCounts, double[] ExitCosts, ModelDescription Description,
    IReadOnlyList<TradeOffCurve> Curves, IReadOnlyList<ExitUse> ExitUse)
{
    public int SeedCount => Seeds.Length;

    public static ConfigSummary From(IReadOnlyList<RunRecord> runs, double threshold = EarlyExitRule.PaperThreshold)
    {
        var first = runs[0];
        var ordered = runs.OrderBy(r => r.Seed).ToList();
        var at = ordered.Select(r => r.Trace.At(threshold)).ToList();
        var numExits = first.Trace.NumExits;
        return new ConfigSummary(first.Label, first.Group, first.Result.Config.Model, first.Result.Config.Dataset,
            ordered.Select(r => r.Seed).ToArray(),
            Stat.Share(at.Select(a => a.Accuracy)), Stat.Share(at.Select(a => a.AverageCost)),
            Enumerable.Range(0, numExits).Select(k => Stat.Of(at.Select(a => (double)a.ExitCounts[k])) with { Min = 0 }).ToArray(),
            first.Trace.Costs, first.Result.Model,
            ordered.Select(r => TradeOffCurve.Of(r.Trace)).ToList(),
            ordered.Select(r => Experiments.ExitUse.Of(r.Trace, threshold)).ToList());
    }

    public static List<ConfigSummary> PerLabel(IEnumerable<RunRecord> runs) =>
        runs.GroupBy(r => r.Label).Select(g => From(g.ToList())).ToList();

    /// <summary>The mean curve over seeds (accuracy and cost at each T).</summary>
    public (double[] Costs, double[] Accuracies, double[] AccuracyStd) MeanCurve()
    {
        var n = Curves[0].Thresholds.Length;
        var costs = Enumerable.Range(0, n).Select(i => Curves.Average(c => c.Costs[i])).ToArray();
        var accuracy = Enumerable.Range(0, n).Select(i => Stat.Share(Curves.Select(c => c.Accuracies[i]))).ToArray();
        return (costs, accuracy.Select(a => a.Mean).ToArray(), accuracy.Select(a => a.Std).ToArray());
    }

    public bool HasEarlyExits => Description.Exits.Count > 0;
}
