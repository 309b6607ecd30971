using System.Globalization;
using EENet.Repro.Inference;
using EENet.Repro.Models;
using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>
/// RQ1: do EENets really exit at different locations, with diversity of exit choice per input? EENet-8 on MNIST with 2
/// and 4 filters (the paper's table) and a ResNet-based EENet on CIFAR10; per-seed exit histograms, dead exits, and the
/// diversity of exit choice measured (entropy overall and per class).
/// </summary>
public sealed class Rq1ExitsUsed : ResearchQuestion
{
    public const string Eenet8Label = "EENet-8, 2 filters, MNIST";
    public const string Eenet8FourLabel = "EENet-8, 4 filters, MNIST";
    public const string ReadmeExampleLabel = "EENet-110, 8 pool exits, CIFAR10 (official README example, 50 epochs)";

    /// <summary>The MNIST table's shares, and the normalised entropy they imply (derived by the kit from the table).</summary>
    public static double[] PaperShares => PaperNumbers.Eenet8MnistExitCounts.Select(c => c.Value / 10_000).ToArray();

    public static readonly PaperNumber PaperEntropy = new(ExitUse.NormalisedEntropy(PaperShares),
        PaperNumbers.Eenet8MnistExitCounts[0].Source.Split(':')[0] + ": the normalised entropy of its exit shares 47 / 2,247 / 7,706 " +
        "of 10,000 (derived by the kit)");

    public override string Name => "rq1";
    public override string Question => "Do EENets really exit at different locations, with diversity of exit choice per input?";

    public override IReadOnlyList<RunSpec> Configurations(Profile p)
    {
        var resnet = p == Profile.Full ? 110 : 20;
        var list = new List<RunSpec>
        {
            new(Eenet8Label, "eenet8", Sizing.Config(p, ModelName.Eenet8, "mnist", filters: 2)),
            new(Eenet8FourLabel, "eenet8", Sizing.Config(p, ModelName.Eenet8, "mnist", filters: 4)),
            new($"EENet-{resnet}, 2 pool exits, CIFAR10", "resnet",
                Sizing.Config(p, new ModelName(ModelFamily.EarlyExitResNet, resnet), "cifar10")),
        };
        if (p == Profile.Full)
        {
            // The official README's example: EENet-110 on CIFAR10 with 8 exits for 50 epochs.
            list.Add(new(ReadmeExampleLabel, "resnet",
                Sizing.Config(p, new ModelName(ModelFamily.EarlyExitResNet, 110), "cifar10", numEe: 8) with { Epochs = 50 }));
        }
        return list;
    }

    public override Analysis Analyze(Profile profile, IReadOnlyList<RunRecord> runs)
    {
        var summaries = ConfigSummary.PerLabel(runs);
        var checks = OfficialCosts.For(runs.Select(r => r.Spec).DistinctBy(s => s.Label)).ToList();
        var e8 = summaries.FirstOrDefault(s => s.Label == Eenet8Label);
        foreach (var s in summaries.Where(s => s.Model.Family == ModelFamily.Eenet8))
        {
            var filters = runs.First(r => r.Label == s.Label).Result.Config.Filters;
            for (var k = 0; k < 2; k++)
            {
                checks.Add(PaperChecks.Structural($"{s.Label}: cost of exit {k} (the official constant)",
                    PaperNumbers.Eenet8OfficialCosts[k],
                    s.Description.Exits[k].Cost, 0, "F2"));
            }
            if (PaperNumbers.Eenet8OfficialParams.TryGetValue(filters, out var parameters))
            {
                var kit = s.Description.Exits.Select(e => (double)e.Params).Append(s.Description.TotalParams).ToArray();
                var names = new[] { "up to exit 0", "up to exit 1", "in total" };
                for (var k = 0; k < 3; k++)
                    checks.Add(PaperChecks.Structural($"{s.Label}: parameters {names[k]}", parameters[k], kit[k], 0, "F0"));
            }
        }
        if (e8 is not null)
        {
            checks.Add(PaperChecks.Near($"{Eenet8Label}: test accuracy", PaperNumbers.Eenet8MnistAccuracy, e8.Accuracy, 0.02, profile));
            checks.Add(PaperChecks.Near($"{Eenet8Label}: average relative cost", PaperNumbers.Eenet8MnistAverageCost,
                e8.AverageCost, 0.10, profile, "F3"));
            var exitNames = new[] { "EE-block 0", "EE-block 1", "last exit" };
            for (var k = 0; k < 3; k++)
            {
                var paper = PaperShares[k];
                // Two-sided: a small share must be matched in size (a run with no example there does not agree),
                // a large one within 10 points.
                var (low, high) = paper < 0.05 ? (paper / 3, paper * 3) : (paper - 0.10, paper + 0.10);
                checks.Add(PaperChecks.Within($"{Eenet8Label}: share of test examples at {exitNames[k]}",
                    new PaperNumber(paper, PaperNumbers.Eenet8MnistExitCounts[k].Source),
                        Stat.Share(e8.ExitUse.Select(u => u.Shares[k])), low, high,
                    profile));
            }
            checks.Add(PaperChecks.Near($"{Eenet8Label}: diversity of exit choice (normalised entropy of the exit shares)", PaperEntropy,
                Stat.Share(e8.ExitUse.Select(u => u.Entropy)), 0.20, profile, "F3"));
        }
        foreach (var s in summaries)
        {
            var seedExits = s.SeedCount * s.ExitCounts.Length;
            var dead = s.ExitUse.Sum(u => u.DeadExits.Length);
            var unused = s.ExitUse.Sum(u => u.Shares.Count(x => x < ExitUse.UnusedShare));
            checks.Add(PaperChecks.Statistical($"{s.Label}: examples leave at every exit, in every seed", "every exit used",
                PaperNumbers.ExitsAreUsed,
                $"unused (< 0.1 %): {unused} of {seedExits} seed-exits; dead exits (< 1 %): {dead} of {seedExits} seed-exits " +
                $"({DeadList(s)})", "per seed",
                "every exit takes at least 0.1 % of the test set in every seed (the paper's smallest share is 0.47 %)", unused == 0,
                    profile));
            var classes = Stat.Share(s.ExitUse.Select(u => u.ClassesUsingTwoExits));
            checks.Add(PaperChecks.Statistical(
                $"{s.Label}: diversity per input (classes whose examples use ≥ 2 exits)", "diversity per input",
                PaperNumbers.ExitsAreUsed,
                    $"{classes.Format("F2")} of the classes (seeds: {classes.PerSeed("F2")})", classes.Interval("F2"),
                $"at least half of the classes use two or more exits (each with ≥ {ExitUse.DeadShare:P0} of the class; the kit's " +
                $"criterion)",
                classes.Mean >= 0.5, profile));
        }
        return new Analysis(summaries, checks, [ExitUseTable(summaries), PaperStyleTable(summaries)]);
    }

    private static string DeadList(ConfigSummary s)
    {
        var parts = s.ExitUse.Select((u, i) => u.DeadExits.Length == 0 ? null : $"seed {s.Seeds[i]}: exit {string.Join(", ", u.DeadExits)}")
            .Where(x => x is not null).ToList();
        return parts.Count == 0 ? "none" : string.Join("; ", parts);
    }

    /// <summary>Per-seed exit histograms with dead exits flagged, entropy overall and per class.</summary>
    public static ResultTable ExitUseTable(IReadOnlyList<ConfigSummary> summaries)
    {
        var rows = new List<string[]>();
        foreach (var s in summaries)
        {
            for (var i = 0; i < s.SeedCount; i++)
            {
                var u = s.ExitUse[i];
                rows.Add([
                    s.Label, s.Seeds[i].ToString(CultureInfo.InvariantCulture),
                    string.Join(" / ", u.Shares.Select((x, k) =>
                        string.Create(CultureInfo.InvariantCulture, $"{100 * x:F1} %{(u.DeadExits.Contains(k) ? " (dead)" : "")}"))),
                    u.Entropy.ToString("F3", CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{u.ClassEntropy.Min():F2}–{u.ClassEntropy.Max():F2}"),
                    string.Create(CultureInfo.InvariantCulture, $"{100 * u.ClassesUsingTwoExits:F0} %"),
                ]);
            }
        }
        return new ResultTable("Exit use per seed (T = 0.5)",
            ["configuration", "seed", "share of the test set per exit", "exit entropy (normalised)", "per-class entropy (min–max)",
                "classes using ≥ 2 exits"],
            rows, $"An exit is dead in a seed when it takes less than {ExitUse.DeadShare:P0} of the test set. Entropy 0: one exit takes " +
                $"everything; 1: all exits equally.");
    }

    /// <summary>The paper's MNIST table next to the reproduced one.</summary>
    public static ResultTable PaperStyleTable(IReadOnlyList<ConfigSummary> summaries)
    {
        var e8 = summaries.FirstOrDefault(s => s.Label == Eenet8Label);
        if (e8 is null) return new ResultTable("The paper's MNIST table", ["exit"], []);
        var names = new[] { "EE-block 0", "EE-block 1", "last exit" };
        var macs = e8.Description.Exits.Select(e => e.Macs).Append(e8.Description.TotalMacs).ToArray();
        var shares = e8.Description.Exits.Select(e => e.MacShare).Append(1.0).ToArray();
        var n = e8.ExitCounts.Sum(c => c.Mean);
        var rows = Enumerable.Range(0, 3).Select(k => new[]
        {
            names[k],
            PaperNumbers.Eenet8Flops[k].Value.ToString("N0", CultureInfo.InvariantCulture),
            macs[k].ToString("N0", CultureInfo.InvariantCulture),
            e8.ExitCosts[k].ToString("F2", CultureInfo.InvariantCulture),
            shares[k].ToString("F3", CultureInfo.InvariantCulture),
            PaperNumbers.Eenet8MnistExitCounts[k].Value.ToString("N0", CultureInfo.InvariantCulture),
            $"{e8.ExitCounts[k].Format("F0")} (seeds: {e8.ExitCounts[k].PerSeed("F0")})",
        }).ToList();
        return new ResultTable($"{Eenet8Label}: the paper's table and the reproduction",
            ["exit", "FLOPs (paper, Keras)", "MACs (kit)", "cost (official constant)", "MAC share (kit)",
                "# test examples (paper, of 10,000)",
                $"# test examples (reproduced, of {n:N0})"],
            rows, e8.Description.CostNote);
    }

    /// <summary>Up to <paramref name="perExit"/> test indices that left at each exit at T = 0.5.</summary>
    public static List<int[]> ExampleIndices(RunRecord run, int perExit = 8)
    {
        var at = run.Trace.At(EarlyExitRule.PaperThreshold);
        return Enumerable.Range(0, run.Trace.NumExits)
            .Select(k => Enumerable.Range(0, at.Count).Where(i => at.Exits[i] == k).Take(perExit).ToArray()).ToList();
    }
}
