using EENet.Repro.Inference;

namespace EENet.Repro.Experiments;

/// <summary>
/// The accuracy-cost trade-off of one run, from its stored trace (no network pass): the curve over thresholds T, its
/// area over a cost range, and the cost at iso-accuracy. Average cost never decreases as T grows (a sample's exit only
/// moves later), so the curve is ordered by cost.
/// </summary>
public sealed record TradeOffCurve(double[] Thresholds, double[] Costs, double[] Accuracies)
{
    /// <summary>Within this many points of accuracy counts as "the same accuracy" (the kit's choice, stated in every check).</summary>
    public const double IsoAccuracyTolerance = 0.01;

    /// <summary>The curve on the default grid, T = 0, 0.05, …, 1 (T = 1 sends every sample to the last exit).</summary>
    public static TradeOffCurve Of(ExitTrace trace, IReadOnlyList<double>? grid = null)
    {
        var thresholds = (grid ?? EarlyExitEvaluator.DefaultGrid()).ToArray();
        var points = trace.Sweep(thresholds);
        return new TradeOffCurve(thresholds, points.Select(p => p.AverageCost).ToArray(), points.Select(p => p.Accuracy).ToArray());
    }

    public double MinCost => Costs.Min();

    /// <summary>Accuracy at the last exit only (T = 1).</summary>
    public double FullAccuracy => Accuracies[^1];

    /// <summary>
    /// The lowest average cost on the curve at which accuracy is at least <paramref name="reference"/> minus
    /// <see cref="IsoAccuracyTolerance"/>; NaN when no threshold reaches it.
    /// </summary>
    public double CostAtIsoAccuracy(double reference, double tolerance = IsoAccuracyTolerance)
    {
        var best = double.NaN;
        for (var i = 0; i < Costs.Length; i++)
        {
            if (Accuracies[i] >= reference - tolerance - 1e-12 && !(Costs[i] >= best)) best = Costs[i];
        }
        return best;
    }

    /// <summary>
    /// Mean accuracy over the cost range [<paramref name="from"/>, <paramref name="to"/>]: the area under the curve
    /// (accuracy linearly interpolated in cost, held flat outside the points) divided by the range's width.
    /// </summary>
    public double MeanAccuracy(double from, double to)
    {
        if (!(to > from)) return AccuracyAt(from);
        const int steps = 400;
        var sum = 0.0;
        for (var i = 0; i <= steps; i++)
        {
            var w = i == 0 || i == steps ? 0.5 : 1.0;
            sum += w * AccuracyAt(from + (to - from) * i / steps);
        }
        return sum / steps;
    }

    /// <summary>Accuracy at a given average cost, interpolated between the neighbouring points of the curve.</summary>
    public double AccuracyAt(double cost)
    {
        if (cost <= Costs[0]) return Accuracies[0];
        for (var i = 1; i < Costs.Length; i++)
        {
            if (cost > Costs[i]) continue;
            var span = Costs[i] - Costs[i - 1];
            return span <= 0 ? Accuracies[i] : Accuracies[i - 1] + (Accuracies[i] - Accuracies[i - 1]) * (cost - Costs[i - 1]) / span;
        }
        return Accuracies[^1];
    }
}
