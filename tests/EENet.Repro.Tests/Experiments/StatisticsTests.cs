using EENet.Repro.Experiments;
using EENet.Repro.Inference;
using Xunit;

namespace EENet.Repro.Tests;

public class StatisticsTests
{
    [Fact]
    public void Mean_std_and_the_t_interval_over_seeds()
    {
        var s = Stat.Of([0.90, 0.92, 0.94]);
        Assert.Equal(0.92, s.Mean, 12);
        Assert.Equal(0.02, s.Std, 12);
        Assert.Equal(4.303 * 0.02 / Math.Sqrt(3), s.HalfWidth, 9); // t(0.975, 2 df) = 4.303
        Assert.Equal("n/a (1 seed)", Stat.Of([0.5]).Interval());
        Assert.Equal("0.9000 / 0.9200 / 0.9400", s.PerSeed());
    }

    [Fact]
    public void Intervals_of_shares_stay_inside_zero_and_one()
    {
        var accuracy = Stat.Share([0.3, 0.7]); // two seeds: t(0.975, 1 df) = 12.7 makes the raw interval 0.5 ± 2.54
        Assert.True(accuracy.Mean + accuracy.HalfWidth > 1 && accuracy.Mean - accuracy.HalfWidth < 0);
        Assert.Equal(0, accuracy.Low);
        Assert.Equal(1, accuracy.High);
        Assert.Equal("[0.00, 100.00] %", accuracy.PercentInterval());
        var difference = Stat.Of([0.525, 0.605]); // a difference is not bounded: the raw interval stays
        Assert.Equal(difference.Mean + difference.HalfWidth, difference.High, 12);
        Assert.True(double.IsNaN(Stat.Share([0.5]).Low));
    }

    [Fact]
    public void Paired_comparison_detects_a_consistent_difference_and_not_noise()
    {
        var better = PairedComparison.Of("A", "B", [0.91, 0.85, 0.88], [0.90, 0.84, 0.87]); // A wins by 0.01 in every seed
        Assert.Equal(Outcome.ABetter, better.Outcome);
        var noise = PairedComparison.Of("A", "B", [0.91, 0.83, 0.88], [0.90, 0.84, 0.87]);
        Assert.Equal(Outcome.NoDifferenceDetected, noise.Outcome);
        Assert.Equal(Outcome.BBetter, PairedComparison.Of("A", "B", [0.1, 0.2], [0.3, 0.41]).Outcome);
        Assert.Equal(Outcome.NoDifferenceDetected, PairedComparison.Of("A", "B", [0.9], [0.1]).Outcome); // one seed detects nothing
        Assert.Throws<ArgumentException>(() => PairedComparison.Of("A", "B", [0.1, 0.2], [0.3]));
    }

    [Fact]
    public void Trade_off_curve_area_and_cost_at_iso_accuracy()
    {
        var curve = new TradeOffCurve([0, 0.5, 1], [0.2, 0.5, 1.0], [0.6, 0.8, 0.9]);
        Assert.Equal(0.7, curve.AccuracyAt(0.35), 9);
        Assert.Equal(0.6, curve.AccuracyAt(0.1), 9);                       // flat below the first point
        Assert.Equal(0.5, curve.CostAtIsoAccuracy(0.81), 9);              // within 1 point of 0.81
        Assert.True(double.IsNaN(curve.CostAtIsoAccuracy(0.95)));        // never reached
        // Mean accuracy over [0.5, 1]: the trapezoid between (0.5, 0.8) and (1, 0.9).
        Assert.Equal(0.85, curve.MeanAccuracy(0.5, 1.0), 4);
        Assert.Equal(1.0, curve.Costs[^1]);
    }

    [Fact]
    public void Exit_use_entropy_dead_exits_and_classes()
    {
        Assert.Equal(1.0, ExitUse.NormalisedEntropy([1 / 3.0, 1 / 3.0, 1 / 3.0]), 9);
        Assert.Equal(0.0, ExitUse.NormalisedEntropy([0, 0, 1]), 9);
        // Four samples of two classes: class 0 leaves at exits 0 and 2, class 1 only at exit 2; exit 1 is dead.
        var trace = new ExitTrace([[0.9f, 0.1f, 0.1f, 0.1f], [0.1f, 0.1f, 0.1f, 0.1f]],
            [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 1]], [0, 0, 1, 1],
            [0.1, 0.2, 1.0], 100);
        var use = ExitUse.Of(trace, 0.5);
        Assert.Equal(new[] { 0.25, 0.0, 0.75 }, use.Shares);
        Assert.Equal(new[] { 1 }, use.DeadExits);
        Assert.Equal(0.5, use.ClassesUsingTwoExits);
    }
}
