using System.Globalization;
using EENet.Repro.Cost;
using EENet.Repro.Inference;
using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>Mean ± sample standard deviation over seeds.</summary>
public sealed record Stat(double Mean, double Std, int N)
{
    public static Stat Of(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length == 0) return new Stat(double.NaN, double.NaN, 0);
        var mean = v.Average();
        var std = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return new Stat(mean, std, v.Length);
    }

    public string Format(string format = "F4") =>
        $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {Std.ToString(format, CultureInfo.InvariantCulture)}";

    public string Percent() =>
        $"{(100 * Mean).ToString("F2", CultureInfo.InvariantCulture)} ± {(100 * Std).ToString("F2", CultureInfo.InvariantCulture)} %";
}

/// <summary>One configuration over its seeds, at the paper's threshold T = 0.5.</summary>
public sealed record ConfigSummary(string Label, string Group, string Model, string Dataset, int Seeds,
    Stat Accuracy, Stat AverageCost, Stat[] ExitCounts, double[] ExitCosts, ModelDescription Description,
    IReadOnlyList<(double Threshold, Stat Accuracy, Stat Cost)> Curve)
{
    public static ConfigSummary From(IReadOnlyList<RunRecord> runs, double threshold = 0.5)
    {
        var first = runs[0];
        var at = runs.Select(r => r.Trace.At(threshold)).ToList();
        var numExits = first.Trace.NumExits;
        var grid = EarlyExitEvaluator.DefaultGrid();
        var sweeps = runs.Select(r => r.Trace.Sweep(grid)).ToList();
        var curve = grid.Select((t, i) => (t, Stat.Of(sweeps.Select(s => s[i].Accuracy)), Stat.Of(sweeps.Select(s => s[i].AverageCost)))).ToList();
        return new ConfigSummary(first.Label, first.Group, first.Result.Config.Model, first.Result.Config.Dataset, runs.Count,
            Stat.Of(at.Select(a => a.Accuracy)), Stat.Of(at.Select(a => a.AverageCost)),
            Enumerable.Range(0, numExits).Select(k => Stat.Of(at.Select(a => (double)a.ExitCounts[k]))).ToArray(),
            first.Trace.Costs, first.Result.Model, curve);
    }

    public static List<ConfigSummary> PerLabel(IEnumerable<RunRecord> runs) =>
        runs.GroupBy(r => r.Label).Select(g => From(g.ToList())).ToList();
}

/// <summary>What an RQ experiment returns: summaries per configuration, the paper checks, and the raw runs.</summary>
public sealed record ExperimentResult(
    string Experiment,
    string Question,
    Profile Profile,
    bool Comparable,
    string Cuts,
    IReadOnlyList<ConfigSummary> Summaries,
    IReadOnlyList<PaperCheck> Checks,
    IReadOnlyList<RunRecord> Runs,
    IReadOnlyList<ModelDescription> Placements)
{
    public ConfigSummary Summary(string label) => Summaries.FirstOrDefault(s => s.Label == label)
        ?? throw new KeyNotFoundException($"No configuration '{label}' in {Experiment}.");

    /// <summary>Rows for the summary table: configuration, seeds, accuracy, average cost, examples per exit.</summary>
    public IEnumerable<string[]> SummaryRows() => Summaries.Select(s => new[]
    {
        s.Label, s.Seeds.ToString(CultureInfo.InvariantCulture), s.Accuracy.Percent(), s.AverageCost.Format("F3"),
        string.Join(" / ", s.ExitCounts.Select(c => c.Mean.ToString("F0", CultureInfo.InvariantCulture))),
    });

    public static readonly string[] SummaryHeader = ["configuration", "seeds", "accuracy", "average cost", "examples per exit (mean)"];
    public static readonly string[] CheckHeader = ["claim", "paper", "provenance", "reproduced", "tolerance", "verdict"];

    public IEnumerable<string[]> CheckRows() => Checks.Select(c => new[] { c.Claim, c.PaperValue, c.Provenance, c.Reproduced, c.Tolerance, c.VerdictText });
}
