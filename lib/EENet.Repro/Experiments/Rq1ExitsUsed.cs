using System.Globalization;
using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>
/// RQ1: do EENets really exit at different locations, with diversity of exit choice per input? EENet-8 on MNIST with
/// 2 and 4 filters (the paper's table), and a ResNet-based EENet on CIFAR10.
/// </summary>
public static class Rq1ExitsUsed
{
    public const string Name = "rq1";
    public const string Question = "Do EENets really exit at different locations, with diversity of exit choice per input?";
    public const string Eenet8Label = "EENet-8, 2 filters, MNIST";

    public static IReadOnlyList<RunSpec> Specs(Profile p) =>
    [
        new(Eenet8Label, "eenet8", Sizing.Config(p, "eenet8", Sizing.Data(p, "mnist"), quickEpochs: 3, quickTrainLimit: null, filters: 2)),
        new("EENet-8, 4 filters, MNIST", "eenet8", Sizing.Config(p, "eenet8", Sizing.Data(p, "mnist"), quickEpochs: 3, quickTrainLimit: null, filters: 4)),
        new(p == Profile.Full ? "EENet-110, 2 pool exits, CIFAR10" : "EENet-20, 2 pool exits, CIFAR10", "resnet",
            Sizing.Config(p, p == Profile.Full ? "eenet110" : "eenet20", Sizing.Data(p, "cifar10"), quickEpochs: 2, quickTrainLimit: 8_000)),
    ];

    public static string Cuts(Profile p) => p switch
    {
        Profile.Smoke => "smoke: Fashion-MNIST instead of MNIST and generated CIFAR-shaped images, 1 epoch on 1,024 examples, 1 seed. Not comparable to the paper.",
        Profile.Quick => "quick: EENet-8 for 3 epochs on the full MNIST (the official default is 150); EENet-20 instead of deeper ResNets, 2 epochs on 8,000 CIFAR10 training images.",
        _ => "full: official defaults (150 epochs, batch 32, Adam 0.001, λ = 1, loss v2, fine distribution, pool exits).",
    };

    /// <summary>The paper's MNIST table next to the reproduced one: exit, FLOPs (paper), MACs (kit), cost, test examples.</summary>
    public static (string[] Header, List<string[]> Rows) PaperStyleTable(ExperimentResult result)
    {
        var e8 = result.Summary(Eenet8Label);
        var names = new[] { "EE-block 0", "EE-block 1", "last exit" };
        var macs = e8.Description.Exits.Select(e => e.Macs).Append(e8.Description.TotalMacs).ToArray();
        var rows = Enumerable.Range(0, 3).Select(k => new[]
        {
            names[k],
            PaperNumbers.Eenet8Flops[k].Value.ToString("N0", CultureInfo.InvariantCulture),
            macs[k].ToString("N0", CultureInfo.InvariantCulture),
            e8.ExitCosts[k].ToString("F2", CultureInfo.InvariantCulture),
            PaperNumbers.Eenet8MnistExitCounts[k].Value.ToString("N0", CultureInfo.InvariantCulture),
            e8.ExitCounts[k].Format("F0"),
        }).ToList();
        return (["exit", "FLOPs (paper, Keras)", "MACs (kit)", "relative cost", "# test examples (paper, of 10,000)", $"# test examples (reproduced, of {e8.ExitCounts.Sum(c => c.Mean):N0})"], rows);
    }

    /// <summary>Up to <paramref name="perExit"/> test indices that left at each exit at T = 0.5.</summary>
    public static List<int[]> ExampleIndices(RunRecord run, int perExit = 8)
    {
        var at = run.Trace.At(PaperNumbers.Threshold.Value);
        return Enumerable.Range(0, run.Trace.NumExits)
            .Select(k => Enumerable.Range(0, at.Count).Where(i => at.Exits[i] == k).Take(perExit).ToArray()).ToList();
    }

    public static ExperimentResult Run(Profile profile, ExperimentRunner runner)
    {
        var runs = runner.Run(Name, Specs(profile), Profiles.Seeds(profile));
        var summaries = ConfigSummary.PerLabel(runs);
        var comparable = profile.ComparableToPaper();
        var e8 = summaries.First(s => s.Label == Eenet8Label);
        var n = e8.ExitCounts.Sum(c => c.Mean);
        var checks = new List<PaperCheck>
        {
            PaperChecks.Near("EENet-8 (2 filters) test accuracy on MNIST", PaperNumbers.Eenet8MnistAccuracy, e8.Accuracy.Mean, e8.Accuracy.Std, 0.02, comparable),
            PaperChecks.Near("EENet-8 (2 filters) average relative cost on MNIST", PaperNumbers.Eenet8MnistAverageCost, e8.AverageCost.Mean, e8.AverageCost.Std, 0.10, comparable, "F3"),
        };
        var exitNames = new[] { "EE-block 0", "EE-block 1", "last exit" };
        for (var k = 0; k < 3; k++)
        {
            // Compared as shares of the test set, so a test subset compares too.
            var paper = PaperNumbers.Eenet8MnistExitCounts[k];
            checks.Add(PaperChecks.Near($"EENet-8 (2 filters): share of test examples at {exitNames[k]}",
                new PaperNumber(paper.Value / 10_000, paper.Provenance), e8.ExitCounts[k].Mean / n, e8.ExitCounts[k].Std / n, 0.10, comparable, "F3"));
        }
        var everyExitUsed = e8.ExitCounts.All(c => c.Mean / n >= 0.001);
        checks.Add(PaperChecks.Holds("EENet-8 (2 filters): test examples leave at every exit", PaperNumbers.ExitsAreUsed, everyExitUsed,
            string.Join(" / ", e8.ExitCounts.Select(c => $"{100 * c.Mean / n:F1} %")), "every exit gets ≥ 0.1 % of the test set (mean over seeds)", comparable));
        return new ExperimentResult(Name, Question, profile, comparable, Cuts(profile), summaries, checks, runs, []);
    }
}
