using System.Globalization;
using EENet.Repro.Cost;
using EENet.Repro.Inference;
using EENet.Repro.Models;
using EENet.Repro.Training;

namespace EENet.Repro.Experiments;

/// <summary>
/// The classroom exercises of the notebooks: questions a student answers in minutes on a laptop, most of them from the
/// stored per-example confidences of every exit (no retraining), some by training a small run in the session's profile
/// (through the results cache, so a second look is instant). Each returns a table.
/// </summary>
public static class Exercises
{
    private static string F(double v, string format = "F3") => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Pct(double v) => (100 * v).ToString("F1", CultureInfo.InvariantCulture) + " %";

    /// <summary>Examples per exit, accuracy and average cost of every seed of a configuration at threshold T (from its traces).</summary>
    public static ResultTable ExitsAt(ExperimentResult result, string label, double threshold)
    {
        var rows = result.Runs.Where(r => r.Label == label).OrderBy(r => r.Seed).Select(r =>
        {
            var at = r.Trace.At(threshold);
            return new[] { r.Seed.ToString(CultureInfo.InvariantCulture), string.Join(" / ", at.ExitCounts),
                Pct(at.Accuracy), F(at.AverageCost) };
        }).ToList();
        return new ResultTable($"{label} at T = {F(threshold, "F2")}", ["seed", "examples per exit", "accuracy", "average cost"], rows,
            "Read from the stored confidences of every exit: no network was run.");
    }

    /// <summary>For one run: the share of each class's test examples leaving at each exit (which inputs leave early?).</summary>
    public static ResultTable ExitsPerClass(RunRecord run, IReadOnlyList<string> classNames, double threshold =
        EarlyExitRule.PaperThreshold)
    {
        var at = run.Trace.At(threshold);
        var rows = at.Labels.Distinct().Order().Select(c =>
        {
            var members = Enumerable.Range(0, at.Count).Where(i => at.Labels[i] == c).ToList();
            var shares = Enumerable.Range(0, run.Trace.NumExits).Select(k => (double)members.Count(i => at.Exits[i] == k) / members.Count);
            return new[] { c < classNames.Count ? classNames[c] : c.ToString(CultureInfo.InvariantCulture),
                members.Count.ToString(CultureInfo.InvariantCulture),
                string.Join(" / ", shares.Select(Pct)) };
        }).ToList();
        return new ResultTable($"{run.Label}, seed {run.Seed}: where each class leaves (T = {F(threshold, "F2")})",
            ["class", "test examples", "share per exit"], rows);
    }

    /// <summary>The accuracy of each exit if every example were made to leave there (from the traces).</summary>
    public static ResultTable ForcedExitAccuracy(ExperimentResult result, string label)
    {
        var rows = result.Runs.Where(r => r.Label == label).OrderBy(r => r.Seed).Select(r => new[]
        {
            r.Seed.ToString(CultureInfo.InvariantCulture),
            string.Join(" / ", r.Trace.Predictions.Select(p =>
                Pct((double)p.Where((x, i) => x == r.Trace.Labels[i]).Count() / r.Trace.Count))),
        }).ToList();
        return new ResultTable($"{label}: accuracy of each exit when every example leaves there",
            ["seed", "accuracy per exit (exit 0 / … / last)"], rows);
    }

    /// <summary>RQ2: the cost at which each EENet comes within <paramref name="tolerance"/> of its ResNet's accuracy, per seed.</summary>
    public static ResultTable IsoAccuracyCost(ExperimentResult result, double tolerance)
    {
        var rows = new List<string[]>();
        foreach (var group in result.Summaries.GroupBy(s => s.Group))
        {
            var ee = group.FirstOrDefault(s => s.HasEarlyExits);
            var plain = group.FirstOrDefault(s => !s.HasEarlyExits);
            if (ee is null || plain is null) continue;
            foreach (var seed in ee.Seeds.Intersect(plain.Seeds))
            {
                var cost = ee.Curves[Array.IndexOf(ee.Seeds, seed)].CostAtIsoAccuracy(
                    plain.Accuracy.Values[Array.IndexOf(plain.Seeds, seed)], tolerance);
                rows.Add([group.Key, seed.ToString(CultureInfo.InvariantCulture), double.IsNaN(cost) ? "not reached" : F(cost)]);
            }
        }
        return new ResultTable($"Cost at iso-accuracy within {Pct(tolerance)} of the ResNet", ["dataset", "seed", "cost"], rows);
    }

    /// <summary>What <c>describe</c> prints for a design: exit positions, MACs and costs (no training).</summary>
    public static ResultTable Describe(ModelSpec spec)
    {
        using var net = ModelFactory.Create(spec);
        var d = net.Description;
        var rows = d.Exits.Select(e => new[]
        {
            e.Index.ToString(CultureInfo.InvariantCulture), e.Position,
                e.Macs.ToString("N0", CultureInfo.InvariantCulture), F(e.Cost, "F4"),
        }).Append(["last", "final", d.TotalMacs.ToString("N0", CultureInfo.InvariantCulture), "1.0000"]).ToList();
        return new ResultTable($"{d.Model} on {d.Dataset}: {d.Distribution}, {d.ExitType} exits",
            ["exit", "position", "MACs", "cost"], rows, d.CostNote);
    }

    /// <summary>
    /// Trains (or loads) configurations in the session's profile over its seeds and summarises them at T = 0.5: a design of
    /// one's own, or a sweep (the λ sweep of RQ2).
    /// </summary>
    public static ResultTable Train(NotebookSession session, IReadOnlyList<RunSpec> specs)
    {
        var (runs, _) = session.Runner.Run("exercise", specs, Profiles.Seeds(session.Profile));
        var rows = ConfigSummary.PerLabel(runs).Select(s => new[]
        {
            s.Label, s.Accuracy.Percent(), s.AverageCost.Format("F3"), string.Join(" / ", s.ExitCounts.Select(c => F(c.Mean, "F0"))),
        }).ToList();
        return new ResultTable($"Trained in the {session.Profile.Name()} profile, {Profiles.Seeds(session.Profile).Length} seeds",
            ["configuration", "accuracy", "average cost", "examples per exit (mean)"], rows);
    }

    /// <summary>RQ2's exercise: EENet-8 trained with several weights λ of the cost term, sized by the session's profile.</summary>
    public static ResultTable LambdaSweep(NotebookSession session, IReadOnlyList<double> lambdas) =>
        Train(session, lambdas.Select(l => new RunSpec($"EENet-8, λ = {F(l, "G")}", "lambda",
            Sizing.Config(session.Profile, ModelName.Eenet8, "mnist") with
            {
                Lambda = l,
                TrainLimit = session.Profile == Profile.Full ? null : 10_000, // minutes, not hours, for a classroom
            })).ToList());

    /// <summary>A ResNet EENet of one's own design (exit positions by hand, or a distribution), trained like RQ3 / RQ4's runs.</summary>
    public static RunSpec Design(Profile profile, string label, string model, string dataset, ExitType exitType, string[]? positions = null,
        Distribution distribution = Distribution.Fine, int numEe = 2) =>
        new(label, "design", Sizing.Config(profile, ModelName.Parse(model), dataset, numEe: positions?.Length ?? numEe,
            distribution: distribution,
            exitType: exitType) with { ExitPositions = positions });
}
