using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>
/// RQ2: do EENets keep accuracy competitive with non-EE ResNets while cutting computational cost? Per dataset, the
/// EENet and its plain counterpart: accuracy, average relative cost, and the accuracy-vs-cost curve over T.
/// </summary>
public static class Rq2AccuracyAndCost
{
    public const string Name = "rq2";
    public const string Question = "Do EENets keep accuracy competitive with non-EE ResNets while cutting computational cost?";

    /// <summary>Accuracy an EENet may lose against its plain counterpart and still count as "similar".</summary>
    public const double SimilarAccuracy = 0.02;

    public static string[] Datasets(Profile p) => p == Profile.Quick ? ["cifar10", "svhn"] : ["cifar10", "svhn", "tiny-imagenet"];

    public static IReadOnlyList<RunSpec> Specs(Profile p)
    {
        var specs = new List<RunSpec>();
        foreach (var dataset in Datasets(p))
        {
            var tiny = dataset == "tiny-imagenet";
            var depth = tiny ? "18" : p == Profile.Full ? "110" : "20";
            var data = Sizing.Data(p, dataset);
            specs.Add(new($"EENet-{depth}, {dataset}", dataset, Sizing.Config(p, "eenet" + depth, data, quickEpochs: 2, quickTrainLimit: 6_000) with { TestLimit = p == Profile.Quick ? 10_000 : null }));
            specs.Add(new($"ResNet-{depth}, {dataset}", dataset, Sizing.Config(p, "resnet" + depth, data, quickEpochs: 2, quickTrainLimit: 6_000) with { TestLimit = p == Profile.Quick ? 10_000 : null }));
        }
        return specs;
    }

    public static string Cuts(Profile p) => p switch
    {
        Profile.Smoke => "smoke: generated images in the CIFAR10, SVHN and Tiny-ImageNet shapes, 1 epoch, 1 seed. Not comparable to the paper.",
        Profile.Quick => "quick: CIFAR10 and SVHN only (Tiny-ImageNet needs the full profile); ResNet-20 backbones, 2 epochs on 6,000 training images, the first 10,000 test images.",
        _ => "full: EENet-110 / ResNet-110 on CIFAR10 and SVHN, EENet-18 / ResNet-18 on Tiny-ImageNet; official defaults (150 epochs).",
    };

    public static ExperimentResult Run(Profile profile, ExperimentRunner runner)
    {
        var runs = runner.Run(Name, Specs(profile), Profiles.Seeds(profile));
        var summaries = ConfigSummary.PerLabel(runs);
        var comparable = profile.ComparableToPaper();
        var checks = new List<PaperCheck>();
        foreach (var dataset in Datasets(profile))
        {
            var ee = summaries.First(s => s.Group == dataset && s.Model.StartsWith("eenet"));
            var plain = summaries.First(s => s.Group == dataset && s.Model.StartsWith("resnet"));
            checks.Add(PaperChecks.AtMost($"{dataset}: EENet's average cost relative to its ResNet", PaperNumbers.RelativeCost[dataset],
                ee.AverageCost.Mean, ee.AverageCost.Std, 0.05, comparable));
            var gap = plain.Accuracy.Mean - ee.Accuracy.Mean;
            checks.Add(PaperChecks.Holds($"{dataset}: EENet accuracy similar to its ResNet", PaperNumbers.HeadlineRelativeCost.Provenance,
                gap <= SimilarAccuracy, $"EE {ee.Accuracy.Percent()} vs plain {plain.Accuracy.Percent()}", $"EE ≥ plain − {SimilarAccuracy:P0}", comparable));
        }
        return new ExperimentResult(Name, Question, profile, comparable, Cuts(profile), summaries, checks, runs, []);
    }
}
