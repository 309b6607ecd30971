using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>RQ3: which exit block type (Plain, Pool, Bnpool) performs better, on the same backbone and data?</summary>
public static class Rq3ExitTypes
{
    public const string Name = "rq3";
    public const string Question = "Which exit block type (Plain, Pool, Bnpool) performs better?";
    public static readonly string[] Types = ["plain", "pool", "bnpool"];

    public static IReadOnlyList<RunSpec> Specs(Profile p)
    {
        var model = p == Profile.Full ? "eenet110" : "eenet20";
        return Types.Select(t => new RunSpec($"{t} exits", "cifar10",
            Sizing.Config(p, model, Sizing.Data(p, "cifar10"), quickEpochs: 2, quickTrainLimit: 8_000, exitType: t))).ToList();
    }

    public static string Cuts(Profile p) => p switch
    {
        Profile.Smoke => "smoke: generated CIFAR-shaped images, 1 epoch, 1 seed. Not comparable to the paper.",
        Profile.Quick => "quick: EENet-20 instead of EENet-110, 2 epochs on 8,000 CIFAR10 training images.",
        _ => "full: EENet-110 on CIFAR10, official defaults (150 epochs).",
    };

    public static ExperimentResult Run(Profile profile, ExperimentRunner runner)
    {
        var runs = runner.Run(Name, Specs(profile), Profiles.Seeds(profile));
        var summaries = ConfigSummary.PerLabel(runs);
        var comparable = profile.ComparableToPaper();
        var plain = summaries.First(s => s.Label == "plain exits");
        var better = summaries.Where(s => s.Label != "plain exits")
            .Where(s => s.Accuracy.Mean >= plain.Accuracy.Mean && s.AverageCost.Mean <= plain.AverageCost.Mean).Select(s => s.Label).ToList();
        var checks = new List<PaperCheck>
        {
            PaperChecks.Holds("pool or bnpool exits give a better accuracy-cost trade-off than plain exits", PaperNumbers.PoolBeatsPlain,
                better.Count > 0,
                string.Join("; ", summaries.Select(s => $"{s.Label}: {s.Accuracy.Percent()}, cost {s.AverageCost.Format("F3")}")),
                "pool or bnpool reaches at least plain's accuracy at no more than plain's average cost (means over seeds)", comparable),
        };
        return new ExperimentResult(Name, Question, profile, comparable, Cuts(profile), summaries, checks, runs, []);
    }
}
