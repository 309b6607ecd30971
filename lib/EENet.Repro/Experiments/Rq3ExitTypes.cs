using EENet.Repro.Cost;
using EENet.Repro.Models;
using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>
/// RQ3: which exit block type (Plain, Pool, Bnpool) performs better? The three types on the same backbone, data, seeds
/// and exit positions, on two datasets and two placements: the official default (fine, 2 exits: both in the first stage)
/// and golden-ratio with 4 exits (which reaches into the second stage). Compared by the area under the accuracy-cost
/// curve and by cost at iso-accuracy, paired by seed.
/// </summary>
public sealed class Rq3ExitTypes : ResearchQuestion
{
    public static readonly ExitType[] Types = [ExitType.Plain, ExitType.Pool, ExitType.Bnpool];

    public static readonly (Distribution Distribution, int NumEe)[] Placements = [(Distribution.Fine, 2), (Distribution.GoldenRatio, 4)];

    public static readonly string[] Datasets = ["cifar10", "svhn"];

    public override string Name => "rq3";
    public override string Question => "Which exit block type (Plain, Pool, Bnpool) performs better?";

    public static string GroupName(string dataset, Distribution d, int n) => $"{dataset}, {d.Name()} N={n}";

    public override IReadOnlyList<RunSpec> Configurations(Profile p)
    {
        var model = new ModelName(ModelFamily.EarlyExitResNet, p == Profile.Full ? 110 : 20);
        return (from dataset in Datasets
                from placement in Placements
                from type in Types
                select new RunSpec($"{type.Name()} exits, {GroupName(dataset, placement.Distribution, placement.NumEe)}",
                    GroupName(dataset, placement.Distribution, placement.NumEe),
                    Sizing.Config(p, model, dataset, numEe: placement.NumEe, distribution: placement.Distribution,
                        exitType: type))).ToList();
    }

    public override Analysis Analyze(Profile profile, IReadOnlyList<RunRecord> runs)
    {
        var summaries = ConfigSummary.PerLabel(runs);
        var checks = OfficialCosts.For(runs.Select(r => r.Spec).DistinctBy(s => s.Label)).ToList();
        var rows = new List<string[]>();
        var comparisons = new List<string[]>();
        foreach (var group in summaries.GroupBy(s => s.Group))
        {
            var members = group.ToList();
            string LabelOf(ExitType t) => members.First(s => s.Label.StartsWith(t.Name() + " ", StringComparison.Ordinal)).Label;
            if (Types.Any(t => !members.Any(s => s.Label.StartsWith(t.Name() + " ", StringComparison.Ordinal)))) continue;
            var tradeOff = TradeOffComparison.Of(group.Key, members);
            rows.AddRange(tradeOff.Rows(l => l.Split(',')[0]));
            var plain = LabelOf(ExitType.Plain);
            var found = new List<PairedComparison>();
            foreach (var t in new[] { ExitType.Pool, ExitType.Bnpool })
            {
                var area = tradeOff.CompareArea(LabelOf(t), plain);
                var iso = tradeOff.CompareIsoCost(LabelOf(t), plain);
                found.Add(area);
                comparisons.Add([group.Key, $"{t.Name()} vs plain", Short(area), Short(iso)]);
            }
            var direction = found.Any(c => c.Outcome == Outcome.ABetter) ? Direction.Agrees
                : found.All(c => c.Outcome == Outcome.BBetter) ? Direction.Disagrees
                : Direction.Undecided;
            checks.Add(PaperChecks.Statistical(
                $"{group.Key}: pool or bnpool exits give a better trade-off than plain exits", "pool / bnpool better",
                PaperNumbers.PoolBeatsPlain, string.Join("; ", found.Select(c => c.Describe("F4"))),
                string.Join("; ", found.Select(c => c.Difference.Interval("F4"))),
                $"pool or bnpool better than plain on the {TradeOffComparison.AreaText}, {PairedComparison.Method}",
                direction, profile));
        }
        return new Analysis(summaries, checks,
        [
            new ResultTable("Trade-off per exit type", TradeOffComparison.Header, rows,
                $"area: {TradeOffComparison.AreaText}; iso-accuracy cost: {TradeOffComparison.IsoCostText}."),
            new ResultTable("Seed-paired comparisons", ["group", "comparison", "area", "iso-accuracy cost"], comparisons,
                $"Each: mean difference ± std, 95 % interval, and the outcome ({PairedComparison.Method}). For cost, \"better\" means " +
                $"cheaper."),
        ]);
    }

    internal static string Short(PairedComparison c) =>
        $"{c.Difference.Format("F4")}, CI {c.Difference.Interval("F4")}: {c.Text}";
}
