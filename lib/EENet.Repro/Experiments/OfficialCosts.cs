using System.Globalization;
using EENet.Repro.Datasets;
using EENet.Repro.Models;
using EENet.Repro.Paper;

namespace EENet.Repro.Experiments;

/// <summary>Structural checks: the exit costs of the configurations a research question builds, next to the official code's.</summary>
public static class OfficialCosts
{
    /// <summary>Within this of the official value (the official values are rounded to 6 decimals).</summary>
    public const double Tolerance = 2e-6;

    /// <summary>One structural check per official configuration given.</summary>
    public static IEnumerable<PaperCheck> Checks(IEnumerable<OfficialExitCost> officials)
    {
        foreach (var official in officials)
        {
            using var net = ModelFactory.Create(new ModelSpec(ModelName.Parse(official.Model), official.Dataset, official.NumEe,
                Cost.Distributions.Parse(official.Distribution), ExitTypes.Parse(official.ExitType)));
            var kit = net.Description.Exits.Select(e => e.Cost).ToArray();
            var diff = kit.Length == official.Costs.Length ? kit.Zip(official.Costs, (a, b) => Math.Abs(a - b)).Max()
                : double.PositiveInfinity;
            var pass = diff <= Tolerance;
            yield return new PaperCheck(
                $"{official.Model} on {official.Dataset}, {official.Distribution} N={official.NumEe}, " +
                $"{official.ExitType} exits: exit costs",
                CheckKind.Structural, string.Join(" / ",
                    official.Costs.Select(c => c.ToString("F6", CultureInfo.InvariantCulture))), official.Source,
                string.Join(" / ", kit.Select(c => c.ToString("F6", CultureInfo.InvariantCulture))), "exact (deterministic)",
                $"every exit within {Tolerance:0e0}", pass ? Direction.Agrees : Direction.Disagrees, pass ? Verdict.Pass : Verdict.Fail);
        }
    }

    /// <summary>
    /// The official configurations a research question trains: same model, distribution, exit count and type, on a dataset of
    /// the same image shape and class count (SVHN's and the generated stand-ins' costs are CIFAR10's).
    /// </summary>
    public static IEnumerable<PaperCheck> For(IEnumerable<RunSpec> specs)
    {
        var matching = PaperNumbers.OfficialExitCosts.Where(o => specs.Any(s => Matches(s, o))).ToList();
        return Checks(matching);
    }

    private static bool Matches(RunSpec spec, OfficialExitCost official)
    {
        var c = spec.Config;
        if (c.Model.Family != ModelFamily.EarlyExitResNet || c.ExitPositions is { Length: > 0 }) return false;
        var mine = DatasetCatalog.Get(c.Dataset);
        var theirs = DatasetCatalog.Get(official.Dataset);
        return c.Model.ToString() == official.Model && c.NumEarlyExits == official.NumEe
            && c.Distribution == Cost.Distributions.Parse(official.Distribution)
               && c.ExitType == ExitTypes.Parse(official.ExitType) && mine.Shape.SequenceEqual(theirs.Shape)
                   && mine.NumClasses == theirs.NumClasses;
    }
}
