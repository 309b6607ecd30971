using System.Globalization;
using EENet.Repro.Cost;
using EENet.Repro.Models;
using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>
/// RQ4: how does the distribution of exit blocks affect accuracy and cost across datasets? Where each distribution puts
/// the exits and what they cost (structural, checked against the official code), then the five distributions trained on
/// two datasets: trade-off per distribution, the best per dataset, and whether the ranking changes between datasets.
/// Quadratic is the kit's own definition: trained and shown, never in a paper check.
/// </summary>
public sealed class Rq4Distributions : ResearchQuestion
{
    public static readonly Distribution[] Distributions =
        [Distribution.Pareto, Distribution.GoldenRatio, Distribution.Fine, Distribution.Linear, Distribution.Quadratic];

    public static readonly string[] Datasets = ["cifar10", "svhn"];

    public override string Name => "rq4";
    public override string Question => "How does the distribution method of exit blocks affect accuracy and cost across datasets?";

    public override IReadOnlyList<RunSpec> Configurations(Profile p)
    {
        var model = new ModelName(ModelFamily.EarlyExitResNet, p == Profile.Full ? 110 : 20);
        return (from dataset in Datasets
                from d in Distributions
                select new RunSpec($"{d.Name()}, {dataset}", dataset, Sizing.Config(p, model, dataset, distribution: d))).ToList();
    }

    /// <summary>Where the exits go for each distribution (EENet-20 and EENet-110 on CIFAR10, 2 and 4 exits); no training.</summary>
    public static List<ModelDescription> Placements()
    {
        var list = new List<ModelDescription>();
        foreach (var depth in new[] { 20, 110 })
        foreach (var n in new[] { 2, 4 })
        foreach (var d in Distributions)
        {
            using var net = ModelFactory.Create(new ModelSpec(new ModelName(ModelFamily.EarlyExitResNet, depth), "cifar10", n, d));
            list.Add(net.Description);
        }
        return list;
    }

    public override Analysis Analyze(Profile profile, IReadOnlyList<RunRecord> runs)
    {
        var summaries = ConfigSummary.PerLabel(runs);
        var checks = OfficialCosts.Checks(PaperNumbers.OfficialExitCosts).ToList();
        var rows = new List<string[]>();
        var rankings = new List<string[]>();
        var perDataset = new Dictionary<string, TradeOffComparison>();
        foreach (var group in summaries.GroupBy(s => s.Group))
        {
            rows.AddRange(TradeOffComparison.Of(group.Key, group.ToList()).Rows(l => l.Split(',')[0]));
            // Checks compare the official distributions only: quadratic is the kit's own.
            var official = group.Where(s => s.Label.Split(',')[0] != Distribution.Quadratic.Name()).ToList();
            var tradeOff = TradeOffComparison.Of(group.Key, official);
            perDataset[group.Key] = tradeOff;
            var ranking = tradeOff.Ranking;
            var bestVsWorst = tradeOff.CompareArea(ranking[0], ranking[^1]);
            rankings.Add([group.Key, string.Join(" > ", ranking.Select(l => l.Split(',')[0])), Rq3ExitTypes.Short(bestVsWorst)]);
            checks.Add(PaperChecks.Statistical($"{group.Key}: the distribution changes the trade-off (best vs worst distribution)",
                "the distribution matters", PaperNumbers.DistributionsDiffer, bestVsWorst.Describe("F4"),
                    bestVsWorst.Difference.Interval("F4"),
                $"the best distribution's {TradeOffComparison.AreaText} is higher than the worst's, {PairedComparison.Method}",
                bestVsWorst.Outcome == Outcome.ABetter ? Direction.Agrees : Direction.Undecided, profile));
        }
        if (perDataset.Count >= 2) checks.Add(RankingChange(perDataset.Values.Take(2).ToList(), profile));
        return new Analysis(summaries, checks,
        [
            new ResultTable("Trade-off per distribution", TradeOffComparison.Header, rows,
                $"area: {TradeOffComparison.AreaText}; iso-accuracy cost: {TradeOffComparison.IsoCostText}. Quadratic is the kit's own " +
                $"definition."),
            new ResultTable("Ranking of the official distributions per dataset (by area, best first)",
                ["dataset", "ranking", "best vs worst"], rankings,
                $"Over the common cost range of the four official distributions. Comparisons: mean difference ± std, 95 % interval and " +
                $"outcome ({PairedComparison.Method})."),
        ], Placements());
    }

    /// <summary>
    /// Whether the ranking changes between two datasets, as a seed-paired test: X best on the first dataset, Y on the second.
    /// X ≠ Y: agrees when X beats Y on the first and Y beats X on the second, both detected at 95 %; disagrees when either is
    /// detected the other way. X = Y: disagrees when X beats every other distribution on both datasets (the same winner,
    /// detected); otherwise undecided.
    /// </summary>
    public static PaperCheck RankingChange(IReadOnlyList<TradeOffComparison> datasets, Profile profile)
    {
        var (a, b) = (datasets[0], datasets[1]);
        string Dist(string label) => label.Split(',')[0];
        string In(TradeOffComparison t, string distribution) => t.Labels.First(l => Dist(l) == distribution);
        var x = Dist(a.Ranking[0]);
        var y = Dist(b.Ranking[0]);
        Direction direction;
        string reproduced;
        if (x != y)
        {
            var onA = a.CompareArea(In(a, x), In(a, y));
            var onB = b.CompareArea(In(b, y), In(b, x));
            direction = onA.Outcome == Outcome.ABetter && onB.Outcome == Outcome.ABetter ? Direction.Agrees
                : onA.Outcome == Outcome.BBetter || onB.Outcome == Outcome.BBetter ? Direction.Disagrees
                : Direction.Undecided;
            reproduced = $"best on {a.Group}: {x}; on {b.Group}: {y}. {a.Group}: {onA.Describe("F4")}. {b.Group}: {onB.Describe("F4")}";
        }
        else
        {
            var beatsAll = new[] { a, b }.All(t =>
                t.Labels.Where(l => Dist(l) != x).All(l => t.CompareArea(In(t, x), l).Outcome == Outcome.ABetter));
            direction = beatsAll ? Direction.Disagrees : Direction.Undecided;
            reproduced = $"{x} is best on both {a.Group} and " +
                $"{b.Group}{(beatsAll ? ", detected better than every other distribution on both" : "")}";
        }
        return PaperChecks.Statistical($"the ranking of distributions changes between {a.Group} and {b.Group}",
            "the effect differs across datasets",
            PaperNumbers.DistributionsDiffer, reproduced, "per dataset (see the ranking table)",
            $"the best distribution of each dataset is detected better than the other's best there ({PairedComparison.Method})", direction,
                profile);
    }
}
