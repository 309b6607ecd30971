using System.Globalization;
using EENet.Repro.Models;
using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>
/// RQ2: do EENets keep accuracy competitive with non-EE ResNets while cutting computational cost? Per dataset, an EENet
/// and its plain counterpart over the same seeds: the accuracy-cost curve over thresholds T (from stored traces), and
/// the number the claim needs — the lowest average cost at which the EENet is within 1 point of its ResNet's accuracy.
/// </summary>
public sealed class Rq2AccuracyAndCost : ResearchQuestion
{
    /// <summary>Accuracy an EENet may lose against its plain counterpart at T = 0.5 and still be "similar" (the kit's choice).</summary>
    public const double SimilarAccuracy = 0.02;

    /// <summary>Slack on the paper's relative cost ("reduced to 20 %" agrees up to 25 %).</summary>
    public const double CostSlack = 0.05;

    public override string Name => "rq2";
    public override string Question => "Do EENets keep accuracy competitive with non-EE ResNets while cutting computational cost?";

    public static string[] Datasets(Profile p) => p == Profile.Full ? ["cifar10", "svhn", "tiny-imagenet"] : ["cifar10", "svhn"];

    public static int Depth(Profile p, string dataset) => dataset == "tiny-imagenet" ? 18 : p == Profile.Full ? 110 : 20;

    public override IReadOnlyList<RunSpec> Configurations(Profile p) => Datasets(p).SelectMany(dataset => new[]
    {
        new RunSpec($"EENet-{Depth(p, dataset)}, {dataset}", dataset,
            Sizing.Config(p, new ModelName(ModelFamily.EarlyExitResNet, Depth(p, dataset)), dataset)),
        new RunSpec($"ResNet-{Depth(p, dataset)}, {dataset}", dataset,
            Sizing.Config(p, new ModelName(ModelFamily.PlainResNet, Depth(p, dataset)), dataset)),
    }).ToList();

    public override Analysis Analyze(Profile profile, IReadOnlyList<RunRecord> runs)
    {
        var summaries = ConfigSummary.PerLabel(runs);
        var checks = OfficialCosts.For(runs.Select(r => r.Spec).DistinctBy(s => s.Label)).ToList();
        var rows = new List<string[]>();
        foreach (var group in summaries.GroupBy(s => s.Group))
        {
            var ee = group.FirstOrDefault(s => s.HasEarlyExits);
            var plain = group.FirstOrDefault(s => !s.HasEarlyExits);
            if (ee is null || plain is null) continue;
            var dataset = group.Key;
            var seeds = ee.Seeds.Intersect(plain.Seeds).ToArray();
            var isoCost = new List<double>();
            foreach (var seed in seeds)
            {
                var i = Array.IndexOf(ee.Seeds, seed);
                var j = Array.IndexOf(plain.Seeds, seed);
                var cost = ee.Curves[i].CostAtIsoAccuracy(plain.Accuracy.Values[j]);
                isoCost.Add(cost);
                rows.Add([
                    dataset, seed.ToString(CultureInfo.InvariantCulture), Pct(plain.Accuracy.Values[j]), Pct(ee.Accuracy.Values[i]),
                    ee.AverageCost.Values[i].ToString("F3", CultureInfo.InvariantCulture), Pct(ee.Curves[i].FullAccuracy),
                    double.IsNaN(cost) ? "not reached" : cost.ToString("F3", CultureInfo.InvariantCulture),
                ]);
            }
            var relative = RelativeCostFor(dataset);
            if (relative is not null)
            {
                checks.Add(PaperChecks.AtMost($"{dataset}: cost at which the EENet is within 1 point of its ResNet's accuracy", relative,
                    Stat.Share(isoCost), CostSlack, profile));
            }
            var pick = (ConfigSummary s) => seeds.Select(seed => s.Accuracy.Values[Array.IndexOf(s.Seeds, seed)]).ToArray();
            var comparison = PairedComparison.Of("EENet", "ResNet", pick(ee), pick(plain));
            checks.Add(PaperChecks.Statistical($"{dataset}: EENet accuracy at T = 0.5 similar to its ResNet's", "similar accuracy",
                PaperNumbers.SimilarAccuracy, comparison.Describe("F4"), comparison.Difference.Interval("F4"),
                $"mean(EENet − ResNet) ≥ −{SimilarAccuracy:F2} ({PairedComparison.Method})",
                comparison.Difference.Mean >= -SimilarAccuracy, profile));
        }
        var table = new ResultTable("Per seed: accuracy, cost, and cost at iso-accuracy",
            ["dataset", "seed", "ResNet accuracy", "EENet accuracy (T = 0.5)", "EENet cost (T = 0.5)", "EENet accuracy (T = 1, last exit)",
                "cost at iso-accuracy"],
            rows, $"Cost at iso-accuracy: the lowest average cost over T = 0, 0.05, …, 1 at which the EENet's accuracy is at least its " +
                  $"ResNet's (same seed) minus {TradeOffCurve.IsoAccuracyTolerance:P0}; \"not reached\" when no threshold gets there.");
        return new Analysis(summaries, checks, [table]);
    }

    private static PaperNumber? RelativeCostFor(string dataset) =>
        PaperNumbers.RelativeCost.TryGetValue(
            dataset.Replace(EENet.Repro.Datasets.DatasetCatalog.GeneratedPrefix, ""), out var n) ? n : null;

    private static string Pct(double v) => (100 * v).ToString("F2", CultureInfo.InvariantCulture) + " %";
}
